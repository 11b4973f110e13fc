// The page tests' fixtures, on top of Playwright Test's own (page, context,
// browser):
//
//   errors  (automatic) the console errors, uncaught page errors and failed
//           requests of the test's page, as the hand-written runner before it collected
//           them. Any left after the test fails it, unless one of the test's
//           `allow` patterns matches it. A test may push a second page's
//           errors into it (see openPage in helpers.mjs).
//   allow   (option) RegExps of the errors a test expects; set it with
//           test.use(allowErrors(/pattern/, …)) (a bare two-element array
//           would be read by Playwright as a [value, options] pair).
//   hosts   serves tests/page/hosts/ at BASE_URL/hosts/ in the test's context
//           (with the Content-Security-Policy headers of the `hostCsp`
//           option: file name → policy); hosts.load(name) opens one.
//   large   the synthetic large data set (tests/bench/gen-data.mjs: 22 cities
//           × 15 years) served at BASE_URL/large/: { data, requested }.
//
// Screenshots go to SCREENSHOT_DIR (helpers.mjs); failures keep a trace and
// a screenshot under target/playwright/test-results/.

import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { test as base, expect } from './pw.mjs';
import { BASE_URL, loadHost, serveHosts, watchErrors } from './helpers.mjs';

export { expect };

/// test.use(allowErrors(...patterns)): the errors these tests expect.
export function allowErrors(...patterns) {
  return { allow: [patterns, {}] };
}

export const test = base.extend({
  allow: [[], { option: true }],
  hostCsp: [{}, { option: true }],

  errors: [async ({ page, allow }, use) => {
    const errors = watchErrors(page);
    await use(errors);
    // Let the events already on their way arrive before judging.
    if (!page.isClosed()) await page.evaluate(() => 0).catch(() => {});
    const patterns = [allow].flat();
    const unexpected = errors.filter((e) => !patterns.some((pattern) => pattern.test(e)));
    if (unexpected.length > 0) {
      throw new Error(`console or page errors:\n    ${unexpected.join('\n    ')}`);
    }
  }, { auto: true }],

  hosts: async ({ context, page, hostCsp }, use) => {
    await serveHosts(context, { csp: hostCsp });
    await use({ load: (name) => loadHost(page, name) });
  },

  large: async ({ context }, use, testInfo) => {
    const { generate } = await import('../bench/gen-data.mjs');
    const data = generate(join(tmpdir(), `budget-compare-large-${process.pid}-${testInfo.workerIndex}`));
    const requested = [];
    await context.route(`${BASE_URL}large/**`, async (route) => {
      const name = new URL(route.request().url()).pathname.slice('/large/'.length);
      requested.push(name);
      await route.fulfill({
        status: 200,
        headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
        body: readFileSync(join(data.dir, name)),
      });
    });
    await use({ data, requested });
    rmSync(data.dir, { recursive: true, force: true });
  },
});
