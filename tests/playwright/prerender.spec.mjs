// The prerendered first view (`budget-compare render`, written into the
// pages by `cargo xtask dist`): without JavaScript, under a CSP without
// 'wasm-unsafe-eval', taken over by the widget, when the data cannot load,
// printed.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { allowErrors, test } from './fixtures.mjs';
import {
  BASE_URL, SCREENSHOT_DIR, WIDTHS,
  checkDefaultFragment, collectViolations, download, fragmentTexts, horizontalOverflowOf, load, screenshot,
  settle, waitForCharts, widgetTexts,
} from './helpers.mjs';

const PRERENDERED_PAGES = ['', 'embed.html'];

/// A context without JavaScript, `width` px wide.
function noJsContext(browser, width) {
  return browser.newContext({ javaScriptEnabled: false, viewport: { width, height: 900 } });
}

for (const width of WIDTHS) {
  test.describe(() => {
    test.use({ viewport: { width, height: 900 } });
    test(`prerendered: without JavaScript the demo and embed pages show chart, summary and table at ${width}px`, async ({ browser }) => {
      const noJs = await noJsContext(browser, width);
      try {
        const page = await noJs.newPage();
        for (const path of PRERENDERED_PAGES) {
          const response = await page.goto(new URL(path, BASE_URL).href);
          assert.equal(response?.status(), 200, `GET /${path}`);
          const shown = await fragmentTexts(page);
          checkDefaultFragment(shown, `/${path} at ${width}px`, width);
          console.log(`# /${path} at ${width}px without JS: ${shown.chartClass} ${shown.chartSize.join('×')}, ${shown.rows.length} rows`);
          assert.equal(await page.locator('.bc-live, .bc-failure-note').count(), 0, 'nothing else');
          await screenshot(page, `prerendered-nojs${path ? '-embed' : ''}-${width}.png`);
          assert.equal(await horizontalOverflowOf(page), 0, `/${path}: no sideways overflow`);
        }
        // The share card the meta tags name, and the page's description.
        const meta = await page.evaluate(() => Object.fromEntries(
          [...document.querySelectorAll('meta[property^="og:"], meta[name^="twitter:"], meta[name="description"]')]
            .map((m) => [m.getAttribute('property') || m.getAttribute('name'), m.content])));
        assert.equal(meta['og:image'], 'share.png', 'og:image');
        assert.equal(meta['twitter:image'], 'share.png', 'twitter:image');
        assert.equal(meta['twitter:card'], 'summary_large_image', 'twitter:card');
        assert.ok(meta.description.includes('臺中市與高雄市勞工局預算'), `description: ${meta.description}`);
        const card = await page.request.get(new URL('share.png', BASE_URL).href);
        assert.equal(card.status(), 200, 'GET share.png');
        const png = await card.body();
        assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG', 'a PNG');
        assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [1200, 630], 'share card size');
      } finally {
        await noJs.close();
      }
    });
  });
}

/// csp.html's policy without 'wasm-unsafe-eval'.
const NO_WASM_PAGE_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:";

/// Serves `path` of the built site with a CSP header that lacks 'wasm-unsafe-eval'.
async function withoutWasmCsp(context, path) {
  await context.route(new URL(path, BASE_URL).href, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': NO_WASM_PAGE_CSP } });
  });
}

test.describe(() => {
  test.use(allowErrors(/^console\.error: budget-compare: CompileError: WebAssembly\.compileStreaming\(\): .*Content Security Policy/s));
  test('prerendered: under a CSP without wasm-unsafe-eval the fragment stays, the message below it', async ({ page, context }) => {
    await collectViolations(page);
    for (const path of PRERENDERED_PAGES) {
      await withoutWasmCsp(context, path);
      const response = await page.goto(new URL(path, BASE_URL).href);
      assert.equal(response?.headers()['content-security-policy'], NO_WASM_PAGE_CSP, `/${path}: CSP header`);
      const host = page.locator('[data-budget-compare], [data-budget-compare-embed]');
      await page.waitForFunction(() => document.querySelector('.bc-failure-note'));
      checkDefaultFragment(await fragmentTexts(page), `/${path} under the CSP`, 1200);
      const note = await host.evaluate((h) => {
        const n = h.querySelector(':scope > .bc-failure-note');
        const f = h.querySelector(':scope > .bc-prerendered');
        return {
          text: n.textContent, role: n.getAttribute('role'), last: h.lastElementChild === n,
          below: n.getBoundingClientRect().top >= f.getBoundingClientRect().bottom - 1,
          live: h.querySelectorAll('.bc-live').length, hostRole: h.getAttribute('role'),
        };
      });
      assert.equal(
        note.text,
        '無法顯示圖表：此網頁的內容安全政策（Content-Security-Policy）不允許執行 WebAssembly。' +
          "網站管理者請在 script-src 加入 'wasm-unsafe-eval'。",
        `/${path}: the CSP message`,
      );
      assert.equal(note.role, 'alert', `/${path}: the message is an alert`);
      assert.ok(note.last && note.below, `/${path}: the message is below the fragment: ${JSON.stringify(note)}`);
      assert.equal(note.live, 0, `/${path}: no half-mounted widget`);
      assert.equal(note.hostRole, null, `/${path}: the host is not itself the alert (the figures stay readable)`);
      await screenshot(page, `prerendered-csp${path ? '-embed' : ''}-1200.png`);
    }
    // An embed URL asking for the default view keeps the fragment; one asking
    // for another view drops it (it is not what was asked for).
    for (const [query, kept] of [['?src=data/index.json&view=compare&lang=zh-TW', true], ['?view=over-time&lang=en', false]]) {
      await withoutWasmCsp(context, `embed.html${query}`);
      await page.goto(new URL(`embed.html${query}`, BASE_URL).href);
      await page.waitForFunction(() => document.querySelector('.bc-failed'));
      assert.equal(await page.locator('.bc-prerendered').count(), kept ? 1 : 0, `embed.html${query}: fragment kept: ${kept}`);
    }
    const violations = await page.evaluate(() => window.__violations);
    assert.ok(violations.every((v) => v.startsWith('script-src blocked wasm-eval') || v.startsWith('script-src blocked eval')), `only WebAssembly is blocked: ${JSON.stringify(violations)}`);
  });
});

for (const width of WIDTHS) {
  test.describe(() => {
    test.use({ viewport: { width, height: 900 } });
    test(`prerendered: the widget takes the fragment's place with the same figures, no layout shift, at ${width}px`, async ({ page, browser }) => {
      await page.addInitScript(() => {
        window.__shifts = [];
        window.__shiftObserver = new PerformanceObserver((list) => {
          for (const e of list.getEntries()) window.__shifts.push(e.value);
        });
        window.__shiftObserver.observe({ type: 'layout-shift', buffered: true });
        document.addEventListener('DOMContentLoaded', () => {
          window.__svgAtDomContentLoaded = document.querySelectorAll('.bc-prerendered svg').length;
        });
      });
      for (const path of PRERENDERED_PAGES) {
        const noJs = await noJsContext(browser, width);
        const staticPage = await noJs.newPage();
        await staticPage.goto(new URL(path, BASE_URL).href);
        const before = await fragmentTexts(staticPage);
        await noJs.close();

        await page.goto(new URL(path, BASE_URL).href);
        await waitForCharts(page, 1);
        await page.waitForFunction(() => !document.querySelector('.bc-prerendered') &&
          document.querySelector('.bc-live .bc-data-table') && !document.querySelector('.bc-live-pending'));
        assert.ok(await page.evaluate(() => window.__svgAtDomContentLoaded) >= 1, `/${path}: the static chart is in the page's first HTML`);
        const after = await widgetTexts(page);
        assert.equal(after.summary, before.summary, `/${path}: the same summary`);
        assert.deepEqual(after.header, before.header, `/${path}: the same table header`);
        assert.deepEqual(after.rows, before.rows, `/${path}: the same table, cell for cell`);
        // Was a 500 ms pause: the page is still (layout unchanged over two
        // frames, fonts loaded), then the observer's queue is read too.
        await settle(page);
        const shifts = await page.evaluate(() => [
          ...window.__shifts,
          ...window.__shiftObserver.takeRecords().map((e) => e.value),
        ]);
        console.log(`# /${path} at ${width}px: layout shifts ${JSON.stringify(shifts)}`);
        assert.equal(shifts.reduce((a, b) => a + b, 0), 0, `/${path}: cumulative layout shift`);
        assert.equal(await page.locator('.bc-prerendered, .bc-failure-note').count(), 0, `/${path}: the fragment is gone`);
      }
      // The static chart's figures are the widget's: its own SVG export
      // labels the same bars with the same texts.
      await page.goto(BASE_URL);
      await waitForCharts(page, 1);
      const noJs = await noJsContext(browser, 1200);
      const staticPage = await noJs.newPage();
      await staticPage.goto(BASE_URL);
      const fragment = await fragmentTexts(staticPage);
      await noJs.close();
      if (width === 1200) {
        const { bytes } = await download(page, '下載 SVG');
        const exported = [...bytes.toString('utf8').matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1].trim());
        const figures = (texts) => texts.filter((t) => /(萬元|億元)$/.test(t)).sort();
        assert.ok(figures(exported).length >= 20, `the export labels its bars: ${figures(exported).length}`);
        assert.deepEqual(figures(fragment.chart), figures(exported), 'the static chart\'s figures are the widget\'s');
      }
    });
  });
}

test.describe(() => {
  test.use(allowErrors(/404/, /index\.json/));
  test('prerendered: when the data cannot load the fragment stays, the widget\'s message below it', async ({ page, context }) => {
    await context.route(`${BASE_URL}data/index.json`, (route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'gone' }));
    await page.goto(BASE_URL);
    await page.waitForFunction(() => document.querySelector('.bc-live [role="alert"]') && !document.querySelector('.bc-live-pending'));
    checkDefaultFragment(await fragmentTexts(page), 'data gone', 1200);
    const order = await page.locator('[data-budget-compare]').evaluate((h) => [...h.children].map((c) => c.className));
    assert.deepEqual(order, ['bc-root bc-prerendered', 'bc-live'], 'the fragment, then the widget\'s message');
    const alert = (await page.locator('.bc-live [role="alert"]').textContent()).trim();
    assert.ok(alert.includes('index.json'), `the message names the file: ${alert}`);
  });
});

test('prerendered: the print stylesheet prints chart, summary, table and sources, no controls', async ({ page, browser }) => {
  await load(page);
  await page.waitForFunction(() => document.querySelector('.bc-live .bc-data-table'));
  await page.emulateMedia({ media: 'print' });
  const shown = await page.evaluate(() => {
    const visible = (sel) => [...document.querySelectorAll(sel)].some((e) => getComputedStyle(e).display !== 'none' && e.getBoundingClientRect().height > 0);
    const root = document.querySelector('.bc-root');
    return {
      canvas: visible('.bc-canvas'), summary: visible('.bc-summary'), table: visible('.bc-data-table'),
      toolbar: visible('.bc-toolbar'), picker: visible('.bc-picker'), controls: visible('.bc-controls'),
      exports: visible('.bc-export'), hover: visible('.bc-hover'),
      colour: getComputedStyle(root).color, background: getComputedStyle(root).backgroundColor,
    };
  });
  assert.deepEqual(shown, {
    canvas: true, summary: true, table: true, toolbar: false, picker: false, controls: false, exports: false, hover: false,
    colour: 'rgb(0, 0, 0)', background: 'rgb(255, 255, 255)',
  }, 'printed');
  await page.pdf({ path: join(SCREENSHOT_DIR, 'print-demo.pdf') });
  // Without JavaScript the prerendered fragment prints the same parts.
  const noJs = await noJsContext(browser, 1200);
  try {
    const staticPage = await noJs.newPage();
    await staticPage.goto(BASE_URL);
    await staticPage.emulateMedia({ media: 'print' });
    const printed = await fragmentTexts(staticPage);
    checkDefaultFragment(printed, 'printed without JS', 1200);
  } finally {
    await noJs.close();
  }
});
