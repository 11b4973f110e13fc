// Page-level tests of the demo page (www/index.html) in Chromium, through
// playwright-core. Run by `cargo xtask test` (step "page tests"), which builds
// dist/, serves it and sets:
//   BASE_URL        http://127.0.0.1:PORT/ (the served dist/)
//   SCREENSHOT_DIR  where the screenshots go (target/screenshots)
//   NODE_PATH       the node_modules folder holding playwright-core
// By hand: `cargo xtask serve --port 8080` in one shell, then
//   BASE_URL=http://127.0.0.1:8080/ NODE_PATH=target/tools/playwright/node_modules \
//     node tests/page/run.mjs [name-filter]
//
// A tiny runner, no framework: every test is an async function; each one's
// console errors and uncaught page errors fail it. Prints `ok - name` or
// `not ok - name: message`, then `page tests: N passed, M failed`; exits 1
// on any failure.

import { createRequire } from 'node:module';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import assert from 'node:assert/strict';

// NODE_PATH only applies to CommonJS resolution, so load playwright-core
// through a CommonJS `require`.
const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

const BASE_URL = process.env.BASE_URL;
if (!BASE_URL) {
  console.error('BASE_URL is not set (e.g. http://127.0.0.1:8080/)');
  process.exit(2);
}
const SCREENSHOT_DIR = resolve(process.env.SCREENSHOT_DIR || 'target/screenshots');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const CHART_MARK = 'budget-compare:chart-drawn';
const TIMEOUT_MS = 15000;

const VIEWS = [
  { id: 'compare', zh: '比較', en: 'Compare' },
  { id: 'over-time', zh: '歷年趨勢', en: 'Over time' },
  { id: 'plans', zh: '施政計畫', en: 'Plans' },
  { id: 'table', zh: '數據表', en: 'Table' },
  { id: 'about', zh: '關於資料', en: 'About the data' },
];
const LANGS = ['zh-TW', 'en'];
const WIDTHS = [375, 1200];

const tests = [];
/// Registers a test; `width` is its page's viewport width (default 1200).
function test(name, fn, { width = 1200 } = {}) {
  tests.push({ name, fn, width });
}

let browser;

/// A fresh context and page at `width` px; its console errors and page
/// errors are collected in `errors`.
async function open(width = 1200) {
  const context = await browser.newContext({
    viewport: { width, height: 900 },
    acceptDownloads: true,
  });
  context.setDefaultTimeout(TIMEOUT_MS);
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => {
    if (m.type() === 'error') {
      const where = m.location();
      errors.push(`console.error: ${m.text()}${where.url ? ` (${where.url}:${where.lineNumber})` : ''}`);
    }
  });
  page.on('pageerror', (e) => errors.push(`page error: ${e.stack || e}`));
  page.on('requestfailed', (r) => {
    // A download's navigation is "aborted" by design; anything else is not.
    const failure = r.failure()?.errorText ?? '';
    if (!/^(blob|data):/.test(r.url()) || !failure.includes('ERR_ABORTED')) {
      errors.push(`request failed: ${r.url()} ${failure}`);
    }
  });
  return { context, page, errors };
}

/// Loads the demo page (with an optional `#hash`) and waits for the first chart.
async function load(page, hash = '') {
  const response = await page.goto(new URL(hash, BASE_URL).href);
  assert.equal(response?.status(), 200, `GET ${BASE_URL}${hash}`);
  await waitForCharts(page, 1);
}

async function chartCount(page) {
  return page.evaluate((mark) => performance.getEntriesByName(mark).length, CHART_MARK);
}

async function waitForCharts(page, atLeast) {
  await page.waitForFunction(
    ([mark, n]) => performance.getEntriesByName(mark).length >= n,
    [CHART_MARK, atLeast],
  );
}

/// Clicks a tab by its visible name and checks that it became the selected one.
async function selectTab(page, name) {
  const tab = page.getByRole('tab', { name, exact: true });
  await tab.click();
  await page.waitForFunction(
    (n) => [...document.querySelectorAll('.bc-widget [role="tab"]')]
      .some((t) => t.textContent.trim() === n && t.getAttribute('aria-selected') === 'true'),
    name,
  );
}

async function tabNames(page) {
  return page.locator('.bc-widget [role="tab"]').evaluateAll((tabs) => tabs.map((t) => t.textContent.trim()));
}

async function selectedTab(page) {
  return page.locator('.bc-widget [role="tab"][aria-selected="true"]').evaluateAll((tabs) => tabs.map((t) => t.textContent.trim()));
}

/// Switches the widget to English with the language button.
async function switchToEnglish(page) {
  const button = page.locator('.bc-widget .bc-lang');
  assert.equal((await button.textContent()).trim(), 'English', 'language button label in zh-TW');
  await button.click();
  await page.waitForFunction(() => document.querySelector('.bc-widget')?.getAttribute('lang') === 'en');
}

/// Elements of the widget that stick out of the viewport sideways without a
/// scrolling ancestor inside the viewport to contain them, plus the page's
/// own horizontal overflow.
async function horizontalOverflow(page) {
  return page.evaluate(() => {
    const vw = document.documentElement.clientWidth;
    const widget = document.querySelector('.bc-widget');
    const describe = (e) => {
      let s = e.tagName.toLowerCase();
      if (e.className && typeof e.className === 'string') s += '.' + e.className.trim().split(/\s+/).join('.');
      const text = (e.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 40);
      return text ? `${s} "${text}"` : s;
    };
    const clippedBy = (e) => {
      for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
        const ox = getComputedStyle(a).overflowX;
        if (ox !== 'visible') return a;
      }
      return null;
    };
    const offenders = [];
    for (const e of [widget, ...widget.querySelectorAll('*')]) {
      const r = e.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.right <= vw + 1 && r.left >= -1) continue;
      const clip = clippedBy(e);
      if (clip) {
        const c = clip.getBoundingClientRect();
        if (c.right <= vw + 1 && c.left >= -1) continue;
      }
      offenders.push(`${describe(e)} [${Math.round(r.left)}..${Math.round(r.right)}]`);
    }
    return {
      viewport: vw,
      innerWidth: window.innerWidth,
      scrollWidth: document.documentElement.scrollWidth,
      offenders: offenders.slice(0, 8),
      offenderCount: offenders.length,
    };
  });
}

// a. Screenshots of every view, language and width; no sideways overflow.
for (const width of WIDTHS) {
  for (const lang of LANGS) {
    for (const view of VIEWS) {
      test(`screenshot ${view.id}-${lang}-${width}`, async ({ page }) => {
        await load(page);
        const before = await chartCount(page);
        if (lang === 'en') await switchToEnglish(page);
        const name = lang === 'en' ? view.en : view.zh;
        if (view.id !== 'compare') await selectTab(page, name);
        assert.deepEqual(await selectedTab(page), [name], 'selected tab');
        assert.equal(
          await page.locator('.bc-widget').getAttribute('lang'),
          lang,
          'widget language',
        );
        assert.ok(
          (await page.evaluate(() => location.hash)).includes(`view=${view.id}&lang=${lang}`),
          'hash names the view and language',
        );
        // The chart views draw again for the new tab or language.
        if (view.id === 'over-time' || (view.id === 'compare' && lang === 'en')) {
          await waitForCharts(page, before + 1);
        }
        await page.waitForTimeout(300);
        await page.screenshot({ path: join(SCREENSHOT_DIR, `${view.id}-${lang}-${width}.png`), fullPage: true });
        const o = await horizontalOverflow(page);
        assert.ok(
          o.scrollWidth <= width && o.offenderCount === 0,
          `horizontal overflow at ${width}px: document scrollWidth ${o.scrollWidth} (viewport ${o.viewport}); ` +
            `${o.offenderCount} element(s) past the edge: ${o.offenders.join('; ')}`,
        );
      }, { width });
    }
  }
}

// b. The URL hash restores the view, category, metric and summary in a new page.
test('permalink restores over-time, category and metric', async ({ page, errors }) => {
  await load(page);
  await selectTab(page, '歷年趨勢');
  const category = page.locator('.bc-panel select:has(option[value="inspection-safety"])');
  const metric = page.locator('.bc-panel .bc-controls select').first();
  await category.selectOption('inspection-safety');
  await page.waitForFunction(() => location.hash.includes('cat=inspection-safety'));
  await metric.selectOption('share');
  await page.waitForFunction(() => location.hash.includes('metric=share'));
  await page.waitForTimeout(300);
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, /^#view=over-time&lang=zh-TW&/, 'hash');
  assert.match(hash, /&metric=share(&|$)/, 'hash metric');
  assert.match(hash, /&cat=inspection-safety(&|$)/, 'hash category');
  const summary = (await page.locator('.bc-summary').textContent()).trim();
  assert.ok(summary.includes('勞動檢查與職業安全'), `summary names the category: ${summary}`);
  const link = await page.locator('.bc-permalink').inputValue();
  assert.equal(link, new URL(hash, BASE_URL).href, 'the permalink box holds the page URL with the hash');

  const second = await open(1200);
  try {
    await load(second.page, hash);
    const p = second.page;
    assert.deepEqual(await selectedTab(p), ['歷年趨勢'], 'selected tab after reload');
    assert.equal(
      await p.getByRole('tab', { name: '歷年趨勢', exact: true }).getAttribute('aria-selected'),
      'true',
    );
    assert.equal(
      await p.locator('.bc-panel select:has(option[value="inspection-safety"])').inputValue(),
      'inspection-safety',
      'category select',
    );
    assert.equal(await p.locator('.bc-panel .bc-controls select').first().inputValue(), 'share', 'metric select');
    assert.equal((await p.locator('.bc-summary').textContent()).trim(), summary, 'summary');
    assert.equal(await p.evaluate(() => location.hash), hash, 'hash kept on load');
    assert.deepEqual(second.errors, [], 'errors in the second page');
  } finally {
    errors.push(...second.errors.filter((e) => !errors.includes(e)));
    await second.context.close();
  }
});

async function download(page, buttonName) {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: buttonName, exact: true }).click(),
  ]);
  const failure = await file.failure();
  assert.equal(failure, null, `${buttonName}: download failed`);
  const bytes = readFileSync(await file.path());
  return { name: file.suggestedFilename(), bytes };
}

// c. The Compare tab's exports.
test('export CSV from compare', async ({ page }) => {
  await load(page);
  assert.deepEqual(await selectedTab(page), ['比較']);
  const { name, bytes } = await download(page, '下載 CSV');
  assert.equal(name, 'budget-compare-compare-amount.csv', 'file name');
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
  const text = bytes.subarray(3).toString('utf8');
  const lines = text.split('\r\n');
  assert.equal(lines[0], '勞工局預算：依共同分類比較', 'title line');
  assert.ok(lines.some((l) => l.startsWith('資料來源：')), 'a 資料來源： line');
  assert.ok(
    lines.includes('勞動檢查與職業安全,"8,767","8,927","8,676","8,493"'),
    `inspection row; got: ${lines.find((l) => l.startsWith('勞動檢查')) ?? '(none)'}`,
  );
  assert.equal(
    lines.find((l) => l.startsWith('分類,')),
    '分類,高雄市 104年 (2015),高雄市 105年 (2016),高雄市 106年 (2017),高雄市 107年 (2018)',
    'header row',
  );
});

test('export SVG from compare', async ({ page }) => {
  await load(page);
  const { name, bytes } = await download(page, '下載 SVG');
  assert.equal(name, 'budget-compare-compare-amount.svg', 'file name');
  const text = bytes.toString('utf8');
  assert.match(text.trimStart(), /^(<\?xml[^>]*>\s*)?<svg[\s>]/, 'starts with an <svg> element');
  assert.ok(text.trimEnd().endsWith('</svg>'), 'ends with </svg>');
  for (const needle of ['勞工局預算：依共同分類比較', '勞動檢查與職業安全', '849.3 萬元']) {
    assert.ok(text.includes(needle), `SVG contains ${needle}`);
  }
});

test('export PNG from compare', async ({ page }) => {
  await load(page);
  const { name, bytes } = await download(page, '下載 PNG');
  assert.equal(name, 'budget-compare-compare-amount.png', 'file name');
  assert.deepEqual(
    [...bytes.subarray(0, 8)],
    [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
    'PNG signature',
  );
  assert.ok(bytes.length > 10 * 1024, `PNG is ${bytes.length} bytes, expected > 10 KB`);
  // The image is the canvas on screen: same pixel size.
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  const canvas = await page.locator('.bc-widget canvas').first().evaluate((c) => [c.width, c.height]);
  assert.deepEqual([width, height], canvas, 'PNG size equals the canvas size');
});

// d. The language button.
test('language switch to English', async ({ page }) => {
  await load(page);
  assert.deepEqual(await tabNames(page), VIEWS.map((v) => v.zh), 'zh-TW tab names');
  await switchToEnglish(page);
  assert.deepEqual(await tabNames(page), VIEWS.map((v) => v.en), 'English tab names');
  assert.equal((await page.locator('.bc-widget .bc-lang').textContent()).trim(), '中文', 'language button label');
  const headers = await page.locator('.bc-panel table').first().locator('thead th')
    .evaluateAll((ths) => ths.map((th) => th.textContent.trim()));
  assert.ok(
    headers.includes('Kaohsiung FY2018 (ROC 107)'),
    `table header has Kaohsiung FY2018 (ROC 107); got ${JSON.stringify(headers)}`,
  );
  assert.ok((await page.evaluate(() => location.hash)).includes('lang=en'), 'hash has lang=en');
});

// The runner.
async function main() {
  const filter = process.argv[2];
  const selected = filter ? tests.filter((t) => t.name.includes(filter)) : tests;
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  let passed = 0;
  let failed = 0;
  const start = Date.now();
  try {
    for (const t of selected) {
      const ctx = await open(t.width);
      let error = null;
      try {
        await t.fn(ctx);
      } catch (e) {
        error = e;
      }
      await ctx.context.close().catch(() => {});
      if (!error && ctx.errors.length > 0) {
        error = new Error(`console or page errors:\n    ${ctx.errors.join('\n    ')}`);
      } else if (error && ctx.errors.length > 0) {
        error.message += `\n    (also: ${ctx.errors.join('; ')})`;
      }
      if (error) {
        failed += 1;
        const message = (error.message || String(error)).split('\n').map((l, i) => (i ? `  ${l}` : l)).join('\n');
        console.log(`not ok - ${t.name}: ${message}`);
      } else {
        passed += 1;
        console.log(`ok - ${t.name}`);
      }
    }
  } finally {
    await browser.close();
  }
  console.log(`screenshots: ${SCREENSHOT_DIR}`);
  console.log(`(${((Date.now() - start) / 1000).toFixed(1)} s)`);
  console.log(`page tests: ${passed} passed, ${failed} failed`);
  process.exit(failed > 0 || selected.length === 0 ? 1 : 0);
}

await main();
