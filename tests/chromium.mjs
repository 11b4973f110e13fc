// The headless Chromium the page tests and the bench launch (playwright-core
// with the system browser; `CHROMIUM` overrides the path). The flags keep a
// headless run quiet and offline apart from the pages it is sent to.
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
