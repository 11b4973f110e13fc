// Accessibility: axe-core (WCAG 2.0–2.2 A and AA, and best practices) on
// every view, both languages, 375 and 1200 px, light and dark theme; any
// violation fails. The count of audits and of rules passed is printed. (The
// "why the difference" disclosure is audited open in views.spec.mjs.)

import assert from 'node:assert/strict';
import { test } from './fixtures.mjs';
import { AXE_TAGS, BASE_URL, LANGS, VIEWS, WIDTHS, axeViolations, settle, viewReady } from './helpers.mjs';

for (const width of WIDTHS) {
  test.describe(() => {
    test.use({ viewport: { width, height: 900 } });
    test(`accessibility: axe-core finds no violation in any view, language or theme at ${width}px`, async ({ page, context }) => {
      test.setTimeout(240_000);
      let audits = 0;
      const found = [];
      for (const theme of ['light', 'dark']) {
        await context.addInitScript((t) => {
          document.addEventListener('DOMContentLoaded', () => {
            document.querySelector('[data-budget-compare]')?.setAttribute('data-theme', t);
          });
        }, theme);
        for (const lang of LANGS) {
          for (const view of VIEWS) {
            await test.step(`${view.id} ${lang} ${theme}`, async () => {
              await page.goto('about:blank');
              await page.goto(new URL(`#view=${view.id}&lang=${lang}`, BASE_URL).href);
              await page.waitForFunction(([v, l]) => {
                const w = document.querySelector('.bc-live .bc-widget');
                const tab = w?.querySelector('[role="tab"][aria-selected="true"]');
                return w && w.getAttribute('lang') === l && tab && !document.querySelector('.bc-prerendered') && document.querySelector('[data-budget-compare]')?.getAttribute('data-theme') === v;
              }, [theme, lang]);
              // Was a 200 ms pause: the view is built and the page still.
              await viewReady(page.locator('.bc-live'), view.id);
              await settle(page);
              const { passes, violations } = await axeViolations(page);
              audits += 1;
              for (const v of violations) found.push(`${view.id} ${lang} ${theme}: ${v}`);
              if (audits === 1) console.log(`# axe-core ${AXE_TAGS.join(', ')}: ${passes} rules pass in the first audit`);
            });
          }
        }
      }
      console.log(`# ${audits} audits at ${width}px, ${found.length} violations`);
      assert.deepEqual(found, [], 'axe-core violations');
    });
  });
}
