// Playwright Test configuration of the page tests (the demo page, the host
// pages of tests/page/hosts/, the prerendered pages and the npm package) in
// the system Chromium. Run from the repository root:
//
//   BASE_URL=http://127.0.0.1:8080/ PACKAGE_TARBALL=target/package/budget-compare-0.1.0.tgz \
//   NODE_PATH=target/tools/playwright-test/node_modules \
//     target/tools/playwright-test/node_modules/.bin/playwright test -c tests/playwright/playwright.config.mjs
//
// Environment:
//   BASE_URL         the served dist/ (required), e.g. http://127.0.0.1:8080/
//   PACKAGE_TARBALL  the `npm pack` tarball the package test installs
//   SCREENSHOT_DIR   where the screenshots go (default target/screenshots)
//   NODE_PATH        the node_modules holding @playwright/test and axe-core
//   CHROMIUM         the browser (default /usr/bin/chromium, see ../chromium.mjs)
//   PW_WORKERS       overrides the number of workers (default 2)
//
// Output: target/playwright/test-results/ (traces, screenshots and videos of
// failed tests: `playwright show-trace <trace.zip>`) and
// target/playwright/html-report/ (`playwright show-report <folder>`).

import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { defineConfig } from './pw.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from '../chromium.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

if (!process.env.BASE_URL) {
  throw new Error('BASE_URL is not set (e.g. http://127.0.0.1:8080/, the served dist/)');
}

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.mjs',
  outputDir: join(ROOT, 'target/playwright/test-results'),
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: join(ROOT, 'target/playwright/html-report') }],
  ],
  // Two workers on two cores: every test has its own browser context, and
  // none shares state with another (the large data set is written per worker).
  workers: Number(process.env.PW_WORKERS) || 2,
  fullyParallel: true,
  retries: 0,
  forbidOnly: !!process.env.CI,
  // A test's own budget; the audits and the large data set set more.
  timeout: 90_000,
  expect: { timeout: 15_000 },
  use: {
    baseURL: process.env.BASE_URL,
    browserName: 'chromium',
    launchOptions: { executablePath: CHROMIUM, args: CHROMIUM_ARGS },
    viewport: { width: 1200, height: 900 },
    acceptDownloads: true,
    // The old runner's context.setDefaultTimeout(15000): every wait and action.
    actionTimeout: 15_000,
    navigationTimeout: 15_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
