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
// The embedding tests ("embed: …") also load host pages from
// tests/page/hosts/ (HTML, CSS and module scripts, no inline script), which
// serveHosts() serves through a route at BASE_URL/hosts/, same-origin with
// the widget, optionally with a Content-Security-Policy header.
//
// A tiny runner, no framework: every test is an async function; each one's
// console errors, uncaught page errors and failed requests fail it, except
// those its `allow` patterns expect. Prints `ok - name` or
// `not ok - name: message` (lines starting `#` are notes), then
// `page tests: N passed, M failed`; exits 1 on any failure.

import { createRequire } from 'node:module';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { extname, join, resolve, sep } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { CHROMIUM, CHROMIUM_ARGS } from '../chromium.mjs';

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
/// Registers a test; `width` is its page's viewport width (default 1200);
/// `allow` lists patterns of console errors / failed requests the test
/// expects (they do not fail it; the test checks them itself).
function test(name, fn, { width = 1200, allow = [] } = {}) {
  tests.push({ name, fn, width, allow });
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

/// Host pages of the embedding tests: files in tests/page/hosts/, served
/// under BASE_URL/hosts/ (same origin as the widget) through a route.
const HOSTS_DIR = fileURLToPath(new URL('./hosts/', import.meta.url));
const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/// Serves tests/page/hosts/ at BASE_URL/hosts/ in `context`; `csp` maps a
/// file name to the Content-Security-Policy header it is served with.
async function serveHosts(context, { csp = {} } = {}) {
  await context.route(`${BASE_URL}hosts/**`, async (route) => {
    const name = decodeURIComponent(new URL(route.request().url()).pathname.slice('/hosts/'.length));
    const file = resolve(HOSTS_DIR, name);
    if (!file.startsWith(HOSTS_DIR.replace(/[\\/]$/, '') + sep) || !existsSync(file) || !statSync(file).isFile()) {
      await route.fulfill({ status: 404, contentType: 'text/plain', body: `no host file ${name}` });
      return;
    }
    const headers = {
      'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    };
    if (csp[name]) headers['Content-Security-Policy'] = csp[name];
    await route.fulfill({ status: 200, headers, body: readFileSync(file) });
  });
}

/// Opens a host page (a file of tests/page/hosts/).
async function loadHost(page, name) {
  const response = await page.goto(`${BASE_URL}hosts/${name}`);
  assert.equal(response?.status(), 200, `GET hosts/${name}`);
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

// The Compare tab draws its chart first; the table and plan panel below it
// are built right after, without any event.
test('compare: the chart is drawn before the tables below it are built', async ({ page }) => {
  await page.addInitScript((chartMark) => {
    const mark = performance.mark.bind(performance);
    window.__tablesAtFirstChart = null;
    performance.mark = (name, ...rest) => {
      if (name === chartMark && window.__tablesAtFirstChart === null) {
        window.__tablesAtFirstChart = document.querySelectorAll('.bc-widget table:not(.bc-prerendered table)').length;
      }
      return mark(name, ...rest);
    };
  }, CHART_MARK);
  await load(page);
  assert.equal(await page.evaluate(() => window.__tablesAtFirstChart), 0, 'tables when the first chart was drawn');
  // The data table (the plan panel is there only when a city-year in view has a plan).
  await page.waitForFunction(() => document.querySelectorAll('.bc-widget table:not(.bc-prerendered table)').length === 1);
  assert.equal(await chartCount(page), 1, 'the chart is not drawn again for the tables');
  const first = await tableRow(page, '一般行政');
  assert.deepEqual(first, ['一般行政', '94,887', '182,728'], 'the data table row (Taichung 105, Kaohsiung 105, by function)');
});

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
    lines.includes('勞動檢查與職業安全,"46,023","95,499"'),
    `inspection row; got: ${lines.find((l) => l.startsWith('勞動檢查')) ?? '(none)'}`,
  );
  // Each column names its budget stage.
  assert.equal(
    lines.find((l) => l.startsWith('分類')),
    '分類（依職能）,臺中市 105年 (2016) 預算案,高雄市 105年 (2016) 預算',
    'header row',
  );
});

/// The centres (CSS px, relative to the canvas) of the bars, markers and
/// swatches drawn in colour on the widget's canvas: runs of saturated
/// pixels, merged over consecutive rows.
async function colouredShapes(page) {
  return page.locator('.bc-widget canvas').first().evaluate((c) => {
    const ctx = c.getContext('2d');
    const { data, width, height } = ctx.getImageData(0, 0, c.width, c.height);
    const scale = c.width / c.getBoundingClientRect().width;
    const shapes = [];
    let open = [];
    for (let y = 0; y < height; y++) {
      const runs = [];
      let start = -1;
      for (let x = 0; x <= width; x++) {
        const i = (y * width + x) * 4;
        const [r, g, b] = x < width ? [data[i], data[i + 1], data[i + 2]] : [0, 0, 0];
        const saturated = x < width && Math.max(r, g, b) - Math.min(r, g, b) > 60;
        if (saturated && start < 0) start = x;
        if (!saturated && start >= 0) {
          if (x - start >= 3) runs.push([start, x]);
          start = -1;
        }
      }
      const next = [];
      for (const [a, b] of runs) {
        const same = open.find((s) => Math.abs(s.x0 - a) <= 1 && Math.abs(s.x1 - b) <= 1);
        if (same) {
          same.y1 = y;
          next.push(same);
        } else {
          const s = { x0: a, x1: b, y0: y, y1: y };
          shapes.push(s);
          next.push(s);
        }
      }
      open = next;
    }
    return shapes.map((s) => ({
      x: (s.x0 + s.x1) / 2 / scale,
      y: (s.y0 + s.y1) / 2 / scale,
      left: s.x0 / scale,
    }));
  });
}

/// What the hover line says with the pointer at (x, y) of the canvas.
async function hoverText(page, x, y) {
  const canvas = page.locator('.bc-widget canvas').first();
  await canvas.hover({ position: { x, y } });
  await page.waitForTimeout(30);
  return (await page.locator('.bc-widget .bc-hover').first().textContent()).trim();
}

// Issue 18: the two cities side by side, with their stages.
test('compare 105: both cities\' bars with their exact inspection figures, stages named', async ({ page }) => {
  await load(page);
  const seen = new Set();
  for (const s of await colouredShapes(page)) seen.add(await hoverText(page, s.x, s.y));
  const inspection = [...seen].filter((t) => t.includes(INSPECTION_ZH)).sort();
  assert.deepEqual(
    inspection,
    [
      '臺中市 105年 (2016) 預算案 · 勞動檢查與職業安全：4,602.3 萬元',
      '高雄市 105年 (2016) 預算 · 勞動檢查與職業安全：9,549.9 萬元',
    ],
    `the inspection bars; all hover texts: ${[...seen].join(' | ')}`,
  );
  assert.equal(
    (await page.locator('.bc-summary').first().textContent()).trim(),
    '105年 (2016) 勞工局預算合計：臺中市 4.46 億元（預算案），高雄市 4.46 億元（預算）；臺中市較多，多 2.6 萬元（不到 0.1%）。'
      + ' 資本門編列方式不同：臺中市 105年 (2016) 資本門自成一類；高雄市 105年 (2016) 經資門併計（資本門含在各工作計畫內）。',
    'the summary compares the cities',
  );
  assert.deepEqual(
    await tableRow(page, INSPECTION_ZH),
    [INSPECTION_ZH, '46,023', '95,499'],
    'the table row',
  );
  const header = await page.locator('.bc-data-table').first().locator('thead th').allTextContents();
  assert.ok(header.includes('臺中市 105年 (2016) 預算案'), `table header ${JSON.stringify(header)}`);
  // The pass-through share is computed from the data, not claimed.
  const note = (await page.locator('.bc-controls .bc-note', { hasText: '占勞工局預算' }).first().textContent()).trim();
  assert.ok(note.endsWith('占勞工局預算：臺中市 105年 (2016) 預算案 2.9%；高雄市 105年 (2016) 預算 33.9%'), note);
  assert.ok(!note.includes('九成'), note);
});

test('over time: Taichung 103 is marked as final accounts', async ({ page }) => {
  await load(page);
  const before = await chartCount(page);
  await selectTab(page, '歷年趨勢');
  await waitForCharts(page, before + 1);
  // The leftmost coloured mark below the legend is Taichung's 103 point
  // (only Taichung has 103): its hover text names the stage.
  const shapes = (await colouredShapes(page)).filter((s) => s.y > 80);
  const first = shapes.reduce((a, b) => (b.left < a.left ? b : a));
  const text = await hoverText(page, first.left + 4, first.y);
  assert.equal(text, '臺中市 · 103年 (2014)：3.02 億元（決算）', 'hover on the 103 point');
  assert.ok(
    (await page.locator('.bc-lines-key').textContent()).trim().startsWith('空心點為決算'),
    'the key says hollow dots are final accounts',
  );
  assert.deepEqual(
    (await tableRow(page, '103年 (2014)'))?.slice(0, 3),
    ['103年 (2014)', '決算', '302,388'],
    'the Taichung table names the stage',
  );
  const caveats = await page.locator('.bc-caveats li').evaluateAll((li) => li.map((l) => l.textContent.trim()));
  assert.ok(caveats.includes('臺中市 104年 (2015)：預算階段不同：決算 → 預算'), caveats.join(' | '));
  // The over-time CSV carries the stage too.
  const { bytes } = await download(page, '下載 CSV');
  const header = bytes.subarray(3).toString('utf8').split('\r\n').find((l) => l.startsWith('年度,'));
  assert.ok(header.startsWith('年度,臺中市 預算階段,臺中市 預算合計'), header);
});

// Issue 25: the lens. By function (the default) each inspection office is
// counted whole; as budgeted, only its inspection lines.
test('the lens switch: by function by default, as budgeted, and back; named in the header, subtitle and permalink', async ({ page }) => {
  await load(page);
  const inspectionRow = async (want) => {
    await page.waitForFunction(
      ([name, cells]) => [...document.querySelectorAll('.bc-data-table tbody tr')]
        .some((r) => r.textContent.includes(name) && cells.every((c) => r.textContent.includes(c))),
      [INSPECTION_ZH, want],
    );
    return tableRow(page, INSPECTION_ZH);
  };
  const header = async () => (await page.locator('.bc-data-table').first().locator('thead th').first().textContent()).trim();
  assert.deepEqual(await inspectionRow(['46,023', '95,499']), [INSPECTION_ZH, '46,023', '95,499'], 'by function');
  assert.equal(await header(), '分類（依職能）', 'the table header names the lens');
  const lens = page.locator('select.bc-lens').first();
  assert.equal(await lens.inputValue(), 'function', 'the switch shows the default');
  await lens.selectOption('budgeted');
  await page.waitForFunction(() => location.hash.includes('lens=budgeted'));
  assert.deepEqual(await inspectionRow(['4,330', '8,927']), [INSPECTION_ZH, '4,330', '8,927'], 'as budgeted');
  assert.equal(await header(), '分類（依預算科目）', 'the header follows');
  assert.match(await page.locator('.bc-permalink').inputValue(), /[#&]lens=budgeted(&|$)/, 'the permalink carries the lens');
  const { bytes } = await download(page, '下載 CSV');
  const csv = bytes.toString('utf8');
  assert.ok(csv.includes('依預算科目'), 'the CSV names the lens');
  assert.ok(csv.includes('勞動檢查與職業安全,"4,330","8,927"'), 'the CSV has the budgeted figures');
  await lens.selectOption('function');
  await page.waitForFunction(() => location.hash.includes('lens=function'));
  assert.deepEqual(await inspectionRow(['46,023', '95,499']), [INSPECTION_ZH, '46,023', '95,499'], 'back by function');
  // A permalink opens in the lens it names.
  await page.goto('about:blank');
  await load(page, '#view=compare&lens=budgeted');
  assert.deepEqual(await inspectionRow(['4,330', '8,927']), [INSPECTION_ZH, '4,330', '8,927'], 'lens=budgeted in the hash');
});

// "為什麼不同？": the disclosure under a stated difference. Opened from the
// keyboard, it loads the lazily loaded module (pkg-extras/, never fetched
// before) and shows the lines behind the difference, which add up to it.
test('why the difference: the disclosure opens from the keyboard and reads the lines behind the difference', async ({ page }) => {
  const extras = [];
  page.on('request', (r) => { if (r.url().includes('/pkg-extras/')) extras.push(r.url()); });
  await load(page);
  const why = page.locator('.bc-live details.bc-explain');
  await why.waitFor();
  assert.equal(
    (await why.locator('summary').textContent()).trim(),
    '為什麼不同？臺中市 105年 (2016) 預算案 → 高雄市 105年 (2016) 預算',
    'the summary names the two sides of the stated difference',
  );
  assert.deepEqual(extras, [], 'nothing of the lazily loaded module before the disclosure opens');
  await tabTo(page, '.bc-live details.bc-explain > summary');
  await page.keyboard.press('Enter');
  const body = why.locator('.bc-explain-body');
  await body.locator('.bc-data-table').waitFor();
  assert.ok(extras.some((u) => u.endsWith('.wasm')), 'the module is loaded on opening');
  assert.equal(
    (await body.locator('.bc-summary').textContent()).trim(),
    '勞工局預算合計（依職能）從 446,259 千元變為 446,233 千元，減少 26 千元。下列 8 個預算項目與「其他」合計即為此差額。',
  );
  const notes = await body.locator('.bc-caveats li').allTextContents();
  assert.ok(notes.includes('預算階段不同：預算案 → 預算'), `the stages are said: ${notes}`);
  assert.ok(notes.some((n) => n.startsWith('資本門編列方式不同')), 'the capital bases are said');
  assert.ok(notes.includes('未計入的社會保險補助（轉付款項）增減：+215,555 千元（占勞工局預算：2.9% → 33.9%）'), `the pass-through part and share are said: ${notes}`);
  assert.ok(notes.includes('每人預算：161 元/人 → 161 元/人（-0.7 元/人）'), 'the difference per resident');
  const row = (await tableRow(body, '勞動檢查處 › 一般行政 › 行政管理')).slice(0, 4);
  assert.deepEqual(row, ['勞動檢查處 › 一般行政 › 行政管理', '40,351', '83,088', '+42,737'], 'the inspection offices\' administration');
  assert.deepEqual((await tableRow(body, '增減')).slice(0, 4), ['增減', '446,259', '446,233', '-26'], 'the total row');
  // The contributions add up to the difference.
  const changes = await body.locator('.bc-data-table tbody tr:not(.bc-line-note)').evaluateAll((rows) => rows
    .map((r) => r.querySelectorAll('td')[2]?.textContent.trim().replace(/,/g, '')));
  const total = Number(changes.pop());
  assert.equal(changes.reduce((a, c) => a + Number(c), 0), total, `the rows add up: ${changes}`);
  // The waterfall is reachable from the keyboard, like every chart.
  await tabTo(page, '.bc-live .bc-explain .bc-canvas');
  const hover = body.locator('.bc-hover');
  assert.equal((await hover.textContent()).trim(), '增減 · 勞工局 › 勞工福利：-76,068', 'focus reads the first line');
  await page.keyboard.press('End');
  assert.equal((await hover.textContent()).trim(), '增減 · 增減：-26', 'End: the difference');
  // Its CSV.
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    body.getByRole('button', { name: '下載 CSV', exact: true }).click(),
  ]);
  assert.equal(file.suggestedFilename(), 'budget-compare-compare-amount-why.csv');
  const csv = readFileSync(await file.path(), 'utf8');
  assert.ok(csv.includes('勞動檢查處 › 一般行政 › 行政管理,"40,351","83,088","+42,737",'), 'the CSV has the line');
  // A change of lens explains again, in the new lens.
  await page.locator('select.bc-lens').first().selectOption('budgeted');
  await body.locator('.bc-summary', { hasText: '勞工局預算合計（依預算科目）從 446,259 千元' }).waitFor();
  const { violations } = await axeViolations(page);
  assert.deepEqual(violations, [], 'axe-core with the disclosure open');
});

test('why the difference: over time explains every change its tables state, the worked example among them', async ({ page }) => {
  await load(page, '#view=over-time');
  const summaries = await page.locator('.bc-live details.bc-explain > summary').allTextContents();
  assert.deepEqual(summaries.map((s) => s.trim()), [
    // Under the sentence: each city's last change.
    '為什麼不同？臺中市 104年 (2015) 預算 → 臺中市 105年 (2016) 預算案',
    '為什麼不同？高雄市 106年 (2017) 預算 → 高雄市 107年 (2018) 預算',
    // Under each city's table: the earlier ones, newest first.
    '為什麼不同？臺中市 103年 (2014) 決算 → 臺中市 104年 (2015) 預算',
    '為什麼不同？高雄市 105年 (2016) 預算 → 高雄市 106年 (2017) 預算',
    '為什麼不同？高雄市 104年 (2015) 預算 → 高雄市 105年 (2016) 預算',
  ]);
  const last = page.locator('.bc-live details.bc-explain').nth(1);
  await last.locator('summary').click();
  await last.locator('.bc-data-table').waitFor();
  assert.deepEqual((await tableRow(last, '增減')).slice(0, 4), ['增減', '453,334', '445,419', '-7,915']);
  // Kaohsiung 104 → 105 without social insurance: the audit's worked example.
  const worked = page.locator('.bc-live details.bc-explain').nth(4);
  await worked.locator('summary').click();
  await worked.locator('.bc-data-table').waitFor();
  assert.deepEqual((await tableRow(worked, '增減')).slice(0, 4), ['增減', '461,487', '446,233', '-15,254']);
  assert.deepEqual((await tableRow(worked, '勞工局 › 勞動條件 › 勞動條件之督導考核')).slice(0, 4),
    ['勞工局 › 勞動條件 › 勞動條件之督導考核', '3,240', '19,602', '+16,362']);
  assert.deepEqual((await tableRow(worked, '訓練就業中心 › 職業訓練 › 訓練業務')).slice(0, 4),
    ['訓練就業中心 › 職業訓練 › 訓練業務', '19,665', '12,184', '-7,481']);
  const note = await worked.locator('.bc-line-note').allTextContents();
  assert.ok(note.some((n) => n.includes('減列職訓場域訓練器材設備7,481千元')), 'the 說明 names the training equipment');
  assert.ok((await worked.locator('.bc-caveats').textContent()).includes('未計入的社會保險補助（轉付款項）增減：-3,965,805 千元'));
});

test('export SVG from compare', async ({ page }) => {
  await load(page);
  const { name, bytes } = await download(page, '下載 SVG');
  assert.equal(name, 'budget-compare-compare-amount.svg', 'file name');
  const text = bytes.toString('utf8');
  assert.match(text.trimStart(), /^(<\?xml[^>]*>\s*)?<svg[\s>]/, 'starts with an <svg> element');
  assert.ok(text.trimEnd().endsWith('</svg>'), 'ends with </svg>');
  for (const needle of ['勞工局預算：依共同分類比較', '勞動檢查與職業安全', '4,602.3 萬元', '9,549.9 萬元', '臺中市 105年 (2016) 預算案']) {
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
    headers.includes('Kaohsiung FY2016 (ROC 105) budget'),
    `table header has Kaohsiung FY2016 (ROC 105) budget; got ${JSON.stringify(headers)}`,
  );
  assert.ok((await page.evaluate(() => location.hash)).includes('lang=en'), 'hash has lang=en');
});

// e. Embedding: host pages of tests/page/hosts/, served same-origin by serveHosts.

/// The tab names and the selected tab of the widget in `scope` (a locator).
async function tabsOf(scope) {
  return scope.locator('.bc-widget [role="tab"]').evaluateAll((tabs) => tabs.map((t) => t.textContent.trim()));
}

async function selectedIn(scope) {
  return scope.locator('.bc-widget [role="tab"][aria-selected="true"]')
    .evaluateAll((tabs) => tabs.map((t) => t.textContent.trim()));
}

/// Clicks the tab `name` of the widget in `scope` and waits until it is selected.
async function selectTabIn(scope, name) {
  const tab = scope.getByRole('tab', { name, exact: true });
  await tab.click();
  await tab.and(scope.locator('[aria-selected="true"]')).waitFor();
}

/// The cells (header first) of the table row of `scope` whose header is `name`.
async function tableRow(scope, name) {
  return scope.locator('.bc-data-table tbody tr').evaluateAll(
    (rows, n) => rows
      .map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent.trim()))
      .find((cells) => cells[0] === n) ?? null,
    name,
  );
}

/// Ids that occur more than once in the document.
async function duplicateIds(page) {
  return page.evaluate(() => {
    const seen = new Map();
    for (const e of document.querySelectorAll('[id]')) seen.set(e.id, (seen.get(e.id) ?? 0) + 1);
    return [...seen].filter(([, n]) => n > 1).map(([id, n]) => `${id} ×${n}`);
  });
}

/// Collects Content-Security-Policy violations into window.__violations.
async function collectViolations(page) {
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__violations.push(
        `${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile || '?'}:${e.lineNumber}`,
      );
    }, true);
  });
}

const INSPECTION_ZH = '勞動檢查與職業安全';

test('embed: two widgets on one page', async ({ page, context }) => {
  await serveHosts(context);
  await loadHost(page, 'two.html');
  await waitForCharts(page, 2);
  const a = page.locator('#a');
  const b = page.locator('#b');
  assert.deepEqual(await selectedIn(a), ['比較'], 'A: selected tab');
  assert.deepEqual(await selectedIn(b), ['Over time'], 'B: selected tab');
  assert.equal(await a.locator('.bc-widget').getAttribute('lang'), 'zh-TW', 'A: language');
  assert.equal(await b.locator('.bc-widget').getAttribute('lang'), 'en', 'B: language');
  const row = await tableRow(a, INSPECTION_ZH);
  assert.ok(row, `A: the Compare table has a ${INSPECTION_ZH} row`);
  assert.equal(row.at(-1), '95,499', `A: ${INSPECTION_ZH} row (Kaohsiung 105) ${JSON.stringify(row)}`);
  assert.equal(
    (await b.locator('.bc-summary').textContent()).trim(),
    'Taichung: spending on labour inspection & occupational safety in FY2016 was 0.8% lower than in FY2015 ' +
      '(different budget stages: budget → draft budget). Kaohsiung: spending on labour inspection & occupational ' +
      'safety in FY2018 was 91.1% lower than in FY2017 (includes a change in what counts by function).',
    'B: summary',
  );
  assert.equal(await page.evaluate(() => location.hash), '', 'two widgets: no permalink hash');
  assert.deepEqual(await duplicateIds(page), [], 'duplicate ids after load');

  // Every tab of A: B stays as it was, the hash stays empty, ids stay unique.
  const bText = () => b.locator('.bc-widget').evaluate((w) => w.textContent);
  const bBefore = await bText();
  for (const view of [...VIEWS.slice(1), VIEWS[0]]) {
    await selectTabIn(a, view.zh);
    await page.waitForTimeout(150);
    assert.deepEqual(await selectedIn(a), [view.zh], `A: selected tab after clicking ${view.zh}`);
    assert.deepEqual(await selectedIn(b), ['Over time'], `B: selected tab after A's ${view.zh}`);
    assert.equal(await bText(), bBefore, `B's text after A's ${view.zh}`);
    assert.equal(await page.evaluate(() => location.hash), '', `hash after A's ${view.zh}`);
    assert.deepEqual(await duplicateIds(page), [], `duplicate ids with A on ${view.zh}`);
  }
});

test('embed: JS API mount, change event, update, destroy', async ({ page, context }) => {
  await serveHosts(context);
  await loadHost(page, 'api.html');
  await page.waitForFunction(() => window.__bc);
  const w = page.locator('#w');
  await w.locator('.bc-widget').waitFor();
  assert.deepEqual(await selectedIn(w), ['Table'], 'selected tab');
  assert.equal(await w.locator('.bc-widget').getAttribute('lang'), 'en', 'language');
  assert.deepEqual(await page.evaluate(() => window.__events), [], 'no change event before the reader acts');

  await selectTabIn(w, 'Plans');
  await page.waitForFunction(() => window.__events.some((d) => d.view === 'plans'));
  const detail = await page.evaluate(() => window.__events.find((d) => d.view === 'plans'));
  assert.equal(detail.view, 'plans', 'detail.view');
  assert.equal(detail.lang, 'en', 'detail.lang');
  assert.deepEqual(
    Object.keys(detail).sort(),
    ['category', 'cities', 'hash', 'lang', 'metric', 'view', 'years'],
    'detail keys',
  );
  assert.ok(Array.isArray(detail.cities) && Array.isArray(detail.years), 'cities and years are arrays');
  assert.match(detail.hash, /^view=plans&lang=en(&|$)/, 'detail.hash');
  assert.equal(await page.evaluate(() => location.hash), '', 'mount(): no permalink hash');

  await page.evaluate(() => window.__bc.update({ view: 'over-time', lang: 'zh-TW' }));
  await page.waitForFunction(() => document.querySelector('#w .bc-widget')?.getAttribute('lang') === 'zh-TW');
  await w.locator('[role="tab"][aria-selected="true"]', { hasText: '歷年趨勢' }).waitFor();
  assert.deepEqual(await selectedIn(w), ['歷年趨勢'], 'selected tab after update()');
  assert.deepEqual(await tabsOf(w), VIEWS.map((v) => v.zh), 'tab names after update()');

  await page.evaluate(() => window.__bc.destroy());
  assert.equal(await page.evaluate(() => document.querySelector('#w').innerHTML), '', '#w after destroy()');
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => document.querySelector('#w').childNodes.length), 0, '#w stays empty');
});

test('embed: JS API with a bad option', async ({ page, context }) => {
  const warnings = [];
  page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
  await serveHosts(context);
  await loadHost(page, 'api.html');
  await page.waitForFunction(() => window.__bc);
  await page.evaluate(() => window.__bc.destroy());
  const before = await chartCount(page);
  await page.evaluate(async () => {
    const { mount } = await import('/budget-compare.js');
    const element = document.createElement('div');
    element.className = 'bad-options';
    document.body.append(element);
    window.__bad = await mount(element, { src: '/data/index.json', view: 'charts', years: 105, metric: { kind: 'share' }, colour: 'red' });
  });
  const w = page.locator('div.bad-options');
  await w.locator('.bc-widget').waitFor();
  assert.deepEqual(
    await w.locator('.bc-error code').allTextContents(),
    [
      'view: expected one of compare, over-time, plans, table, about, found "charts"',
      'years: expected city.year items like kaohsiung.106, found "105"',
      'metric: expected text, a list of texts, a number or true/false, found another kind of value',
    ],
    'problems shown: a bad value, a number, an object',
  );
  assert.ok(warnings.includes('budget-compare: colour: unknown option'), `an unknown option is a warning that names it: ${warnings}`);
  assert.equal(await w.locator('.bc-error').getAttribute('role'), 'alert', '.bc-error role');
  assert.deepEqual(await selectedIn(w), ['比較'], 'falls back to the Compare view');
  await waitForCharts(page, before + 1);
  assert.equal(await w.locator('canvas.bc-canvas').count(), 1, 'the Compare chart');
  assert.equal((await tableRow(w, INSPECTION_ZH))?.at(-1), '95,499', 'the Compare table (Kaohsiung 105)');
});

test('embed: iframe sizes to its content', async ({ page, context }) => {
  await serveHosts(context);
  await loadHost(page, 'frame.html');
  await page.waitForLoadState('load');
  const frame = page.frame({ url: /\/embed\.html\?/ });
  assert.ok(frame, 'the embed.html frame');
  await frame.waitForFunction((mark) => performance.getEntriesByName(mark).length >= 1, CHART_MARK);
  const measure = () => page.evaluate(() => {
    const iframe = document.querySelector('iframe[data-budget-compare-frame]');
    const root = iframe.contentDocument.documentElement;
    return {
      height: iframe.getBoundingClientRect().height,
      scrollHeight: root.scrollHeight,
      clientHeight: root.clientHeight,
      content: root.getBoundingClientRect().height,
    };
  });
  // The frame reports its height with postMessage; give it a moment to settle.
  const settled = () => page.waitForFunction(() => {
    const iframe = document.querySelector('iframe[data-budget-compare-frame]');
    const root = iframe.contentDocument.documentElement;
    const h = iframe.getBoundingClientRect().height;
    const settle = (window.__settle ??= { h: -1, since: 0 });
    if (Math.abs(h - root.scrollHeight) > 2 || h !== settle.h) {
      Object.assign(settle, { h, since: performance.now() });
      return false;
    }
    return performance.now() - settle.since > 400;
  }, null, { polling: 100 }).catch(() => {});
  await settled();
  const first = await measure();
  assert.ok(
    Math.abs(first.height - first.scrollHeight) <= 2,
    `iframe height ${first.height} vs frame scrollHeight ${first.scrollHeight}`,
  );
  assert.ok(first.height > 500, `iframe height ${first.height} > 500`);
  assert.ok(first.scrollHeight <= first.clientHeight + 1, `no scroll bar in the frame: ${JSON.stringify(first)}`);
  assert.ok(Math.abs(first.content - first.height) <= 2, `frame content ${first.content} fills the iframe ${first.height}`);

  await selectTabIn(frame.locator('body'), '施政計畫');
  await frame.locator('.bc-plan-side h2').first().waitFor();
  await page.waitForFunction((h) => {
    const iframe = document.querySelector('iframe[data-budget-compare-frame]');
    return Math.abs(iframe.getBoundingClientRect().height - h) > 2;
  }, first.height).catch(() => {});
  await settled();
  const plans = await measure();
  console.log(`# iframe height: 比較 ${first.height}px (content ${first.content}), ` +
    `施政計畫 ${plans.height}px (content ${plans.content})`);
  assert.ok(
    Math.abs(plans.height - plans.scrollHeight) <= 2,
    `施政計畫: iframe height ${plans.height} vs frame scrollHeight ${plans.scrollHeight}`,
  );
  assert.ok(plans.scrollHeight <= plans.clientHeight + 1, `施政計畫: no scroll bar in the frame: ${JSON.stringify(plans)}`);
  assert.ok(
    Math.abs(plans.content - plans.height) <= 2,
    `施政計畫: the iframe (${plans.height}px) follows the frame's content (${plans.content}px; it was ${first.content}px on 比較)`,
  );
  assert.ok(Math.abs(plans.height - first.height) > 2, `height changes with 施政計畫: ${first.height} → ${plans.height}`);
});

test('embed: strict CSP page (csp.html) has no violations', async ({ page }) => {
  await collectViolations(page);
  const response = await page.goto(new URL('csp.html', BASE_URL).href);
  assert.equal(response?.status(), 200, 'GET csp.html');
  assert.match(response.headers()['content-security-policy'] ?? '', /script-src 'self' 'wasm-unsafe-eval'/, 'CSP header');
  await waitForCharts(page, 1);
  const csv = await download(page, '下載 CSV');
  assert.equal(csv.name, 'budget-compare-compare-amount.csv', 'CSV file name');
  assert.ok(csv.bytes.toString('utf8').includes('勞動檢查與職業安全,"46,023","95,499"'), 'CSV content');
  const svg = await download(page, '下載 SVG');
  assert.equal(svg.name, 'budget-compare-compare-amount.svg', 'SVG file name');
  const png = await download(page, '下載 PNG');
  assert.equal(png.name, 'budget-compare-compare-amount.png', 'PNG file name');
  for (const view of [...VIEWS.slice(1), VIEWS[0]]) {
    await selectTab(page, view.zh);
    await page.waitForTimeout(200);
  }
  await switchToEnglish(page);
  await page.waitForTimeout(300);
  assert.deepEqual(await page.evaluate(() => window.__violations), [], 'CSP violations');
});

const NO_WASM_CSP = "default-src 'self'; script-src 'self'; style-src 'self'";

test('embed: CSP without wasm-unsafe-eval shows why', async ({ page, context }) => {
  await serveHosts(context, { csp: { 'nowasm.html': NO_WASM_CSP } });
  await collectViolations(page);
  const messages = [];
  page.on('console', (m) => { if (m.type() === 'error') messages.push(m.text()); });
  await loadHost(page, 'nowasm.html');
  await page.waitForFunction(() => document.querySelectorAll('[data-budget-compare].bc-failed').length === 2);
  const shown = await page.locator('[data-budget-compare]').evaluateAll((es) => es.map((e) => ({
    lang: e.getAttribute('data-lang'),
    role: e.getAttribute('role'),
    text: e.textContent,
  })));
  for (const s of shown) {
    console.log(`# ${s.lang} message: ${s.text}`);
    assert.ok(s.text.includes("'wasm-unsafe-eval'"), `${s.lang}: names 'wasm-unsafe-eval': ${s.text}`);
    assert.equal(s.role, 'alert', `${s.lang}: role`);
  }
  assert.equal(
    shown.find((s) => s.lang === 'en').text,
    "The chart cannot run: this page's Content-Security-Policy does not allow WebAssembly. " +
      "Site owners: add 'wasm-unsafe-eval' to script-src.",
    'en message',
  );
  assert.equal(
    shown.find((s) => s.lang === 'zh-TW').text,
    '無法顯示圖表：此網頁的內容安全政策（Content-Security-Policy）不允許執行 WebAssembly。' +
      "網站管理者請在 script-src 加入 'wasm-unsafe-eval'。",
    'zh-TW message',
  );
  const violations = await page.evaluate(() => window.__violations);
  assert.ok(violations.some((v) => v.startsWith('script-src')), `a script-src violation: ${JSON.stringify(violations)}`);
  console.log(`# violations: ${violations.join('; ')}`);
  for (const m of messages) console.log(`# expected console error: ${m.split('\n')[0]}`);
  assert.equal(messages.length, 2, 'one console error per widget');
}, { allow: [/^console\.error: budget-compare: CompileError: WebAssembly\.compileStreaming\(\): .*Content Security Policy/s] });

// The prerendered first view (`budget-compare render`, written into the
// pages by `cargo xtask dist`): without JavaScript, under a CSP without
// 'wasm-unsafe-eval', taken over by the widget, printed.
const PRERENDERED_PAGES = ['', 'embed.html'];

/// The summary sentence and the table (header, rows) inside `selector`.
async function shownTexts(scope, selector) {
  return scope.locator(selector).evaluate((root) => ({
    summary: root.querySelector('.bc-summary')?.textContent.trim(),
    rows: [...root.querySelectorAll('.bc-data-table tbody tr')].map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent.trim())),
    header: [...root.querySelectorAll('.bc-data-table thead th')].map((c) => c.textContent.trim()),
  }));
}

/// What a page's prerendered fragment shows: the visible chart's texts, the
/// summary, the table rows and the source line.
async function fragmentTexts(scope) {
  const chart = await scope.locator('.bc-prerendered').evaluate((f) => {
    const shown = [...f.querySelectorAll('svg.bc-static-chart')].filter((s) => getComputedStyle(s).display !== 'none');
    const box = shown[0]?.getBoundingClientRect();
    return {
      charts: shown.length,
      chartSize: box && [Math.round(box.width), Math.round(box.height)],
      chartClass: shown[0]?.getAttribute('class'),
      chart: shown[0] ? [...shown[0].querySelectorAll('text')].map((t) => t.textContent.trim()) : [],
      title: shown[0]?.querySelector('title')?.textContent,
      source: f.querySelector('.bc-source')?.textContent.trim(),
    };
  });
  return { ...chart, ...(await shownTexts(scope, '.bc-prerendered')) };
}

/// The same of the live widget (its chart is a canvas: its figures are read
/// from the widget's own SVG export where needed).
async function widgetTexts(scope) {
  return shownTexts(scope, '.bc-live .bc-widget');
}

/// The default view's figures as the page tests know them (105: Taichung's
/// draft against Kaohsiung's budget, 千元).
function checkDefaultFragment(shown, where, width) {
  assert.equal(shown.charts, 1, `${where}: one chart form shown`);
  assert.equal(shown.title, '勞工局預算：依共同分類比較', `${where}: chart title`);
  assert.ok(shown.chartSize[0] <= width && shown.chartSize[0] > width * 0.6, `${where}: chart fits the width: ${shown.chartSize}`);
  const table = new Map(shown.rows.map((r) => [r[0], r.slice(1)]));
  assert.deepEqual(shown.header, ['分類（依職能）', '臺中市 105年 (2016) 預算案', '高雄市 105年 (2016) 預算'], `${where}: table header`);
  assert.deepEqual(table.get(INSPECTION_ZH), ['46,023', '95,499'], `${where}: inspection row`);
  assert.deepEqual(table.get('一般行政'), ['94,887', '182,728'], `${where}: administration row`);
  assert.equal(shown.rows.length, 15, `${where}: 14 categories and the total`);
  assert.match(shown.summary, /^105年 \(2016\) 勞工局預算合計：臺中市 4\.46 億元（預算案），高雄市 4\.46 億元（預算）/, `${where}: summary`);
  assert.match(shown.source, /^資料來源：/, `${where}: source line`);
  // The chart: the category labels and the figures of the default view.
  const categories = shown.chartClass.includes('narrow')
    ? ['一般行政', '就業服務', '勞動檢查與職業安全', '勞工福利', '勞動條件', '工會與勞工教育', '其他']
    : shown.rows.slice(0, -1).map((r) => r[0]);
  for (const c of categories) assert.ok(shown.chart.includes(c), `${where}: chart labels ${c} (${shown.chartClass})`);
  for (const figure of ['9,488.7 萬元', '1.83 億元', '1.22 億元']) {
    assert.ok(shown.chart.includes(figure), `${where}: chart shows ${figure}`);
  }
  if (!shown.chartClass.includes('narrow')) {
    for (const figure of ['4,602.3 萬元', '9,549.9 萬元']) assert.ok(shown.chart.includes(figure), `${where}: chart shows ${figure}`);
  }
}

for (const width of WIDTHS) {
  test(`prerendered: without JavaScript the demo and embed pages show chart, summary and table at ${width}px`, async ({ context }) => {
    const noJs = await browser.newContext({ javaScriptEnabled: false, viewport: { width, height: 900 } });
    try {
      const page = await noJs.newPage();
      for (const path of PRERENDERED_PAGES) {
        const response = await page.goto(new URL(path, BASE_URL).href);
        assert.equal(response?.status(), 200, `GET /${path}`);
        const shown = await fragmentTexts(page);
        checkDefaultFragment(shown, `/${path} at ${width}px`, width);
        console.log(`# /${path} at ${width}px without JS: ${shown.chartClass} ${shown.chartSize.join('×')}, ${shown.rows.length} rows`);
        assert.equal(await page.locator('.bc-live, .bc-failure-note').count(), 0, 'nothing else');
        await page.screenshot({ path: join(SCREENSHOT_DIR, `prerendered-nojs${path ? '-embed' : ''}-${width}.png`), fullPage: true });
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
  }, { width });
}

/// How far the page's content sticks out sideways.
async function horizontalOverflowOf(page) {
  return page.evaluate(() => Math.max(0, document.documentElement.scrollWidth - document.documentElement.clientWidth));
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
    await page.screenshot({ path: join(SCREENSHOT_DIR, `prerendered-csp${path ? '-embed' : ''}-1200.png`), fullPage: true });
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
}, { allow: [/^console\.error: budget-compare: CompileError: WebAssembly\.compileStreaming\(\): .*Content Security Policy/s] });

for (const width of WIDTHS) {
  test(`prerendered: the widget takes the fragment's place with the same figures, no layout shift, at ${width}px`, async ({ page }) => {
    await page.addInitScript(() => {
      window.__shifts = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__shifts.push(e.value);
      }).observe({ type: 'layout-shift', buffered: true });
      document.addEventListener('DOMContentLoaded', () => {
        window.__svgAtDomContentLoaded = document.querySelectorAll('.bc-prerendered svg').length;
      });
    });
    for (const path of PRERENDERED_PAGES) {
      const noJs = await browser.newContext({ javaScriptEnabled: false, viewport: { width, height: 900 } });
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
      await page.waitForTimeout(500);
      const shifts = await page.evaluate(() => window.__shifts);
      console.log(`# /${path} at ${width}px: layout shifts ${JSON.stringify(shifts)}`);
      assert.equal(shifts.reduce((a, b) => a + b, 0), 0, `/${path}: cumulative layout shift`);
      assert.equal(await page.locator('.bc-prerendered, .bc-failure-note').count(), 0, `/${path}: the fragment is gone`);
    }
    // The static chart's figures are the widget's: its own SVG export
    // labels the same bars with the same texts.
    await page.goto(BASE_URL);
    await waitForCharts(page, 1);
    const noJs = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1200, height: 900 } });
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
  }, { width });
}

test('prerendered: when the data cannot load the fragment stays, the widget\'s message below it', async ({ page, context }) => {
  await context.route(`${BASE_URL}data/index.json`, (route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'gone' }));
  await page.goto(BASE_URL);
  await page.waitForFunction(() => document.querySelector('.bc-live [role="alert"]') && !document.querySelector('.bc-live-pending'));
  checkDefaultFragment(await fragmentTexts(page), 'data gone', 1200);
  const order = await page.locator('[data-budget-compare]').evaluate((h) => [...h.children].map((c) => c.className));
  assert.deepEqual(order, ['bc-root bc-prerendered', 'bc-live'], 'the fragment, then the widget\'s message');
  const alert = (await page.locator('.bc-live [role="alert"]').textContent()).trim();
  assert.ok(alert.includes('index.json'), `the message names the file: ${alert}`);
}, { allow: [/404/, /index\.json/] });

test('prerendered: the print stylesheet prints chart, summary, table and sources, no controls', async ({ page }) => {
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
  const noJs = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1200, height: 900 } });
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

// Accessibility: axe-core (WCAG 2.0–2.2 A and AA, and best practices) on
// every view, both languages, 375 and 1200 px, light and dark theme; any
// violation fails. The count of audits and of checks passed is printed.
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

async function axeViolations(page) {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return {
      passes: result.passes.length,
      violations: result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}${v.nodes.length > 3 ? ` (+${v.nodes.length - 3})` : ''}`),
    };
  }, AXE_TAGS);
}

for (const width of WIDTHS) {
  test(`accessibility: axe-core finds no violation in any view, language or theme at ${width}px`, async ({ page, context }) => {
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
          await page.goto('about:blank');
          await page.goto(new URL(`#view=${view.id}&lang=${lang}`, BASE_URL).href);
          await page.waitForFunction(([v, l]) => {
            const w = document.querySelector('.bc-live .bc-widget');
            const tab = w?.querySelector('[role="tab"][aria-selected="true"]');
            return w && w.getAttribute('lang') === l && tab && !document.querySelector('.bc-prerendered') && document.querySelector('[data-budget-compare]')?.getAttribute('data-theme') === v;
          }, [theme, lang]);
          await page.waitForTimeout(200);
          const { passes, violations } = await axeViolations(page);
          audits += 1;
          for (const v of violations) found.push(`${view.id} ${lang} ${theme}: ${v}`);
          if (audits === 1) console.log(`# axe-core ${AXE_TAGS.join(', ')}: ${passes} rules pass in the first audit`);
        }
      }
    }
    console.log(`# ${audits} audits at ${width}px, ${found.length} violations`);
    assert.deepEqual(found, [], 'axe-core violations');
  }, { width });
}

// Keyboard navigation of the chart: Tab reaches the canvas, which picks the
// first bar; → moves by category, ↓ by city-year; the focused bar is
// outlined and its figure read out in the live region; Enter opens its
// category.
async function tabTo(page, selector) {
  for (let i = 0; i < 60; i += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

test('keyboard: arrow keys move along the chart, read each figure out and Enter opens the category', async ({ page }) => {
  await load(page);
  await page.waitForFunction(() => document.querySelector('.bc-live .bc-data-table'));
  const canvas = page.locator('.bc-live .bc-canvas');
  const before = await canvas.evaluate((c) => c.toDataURL());
  await tabTo(page, '.bc-canvas');
  const hover = page.locator('.bc-live .bc-hover');
  assert.equal(await hover.getAttribute('aria-live'), 'polite', 'the read-out is a live region');
  const read = async () => (await hover.textContent()).trim();
  assert.equal(await read(), '臺中市 105年 (2016) 預算案 · 一般行政：9,488.7 萬元', 'focus picks the first bar');
  for (let i = 0; i < 3; i += 1) await page.keyboard.press('ArrowRight');
  assert.equal(await read(), '臺中市 105年 (2016) 預算案 · 勞工福利：7,606.8 萬元', 'the fourth category');
  await page.keyboard.press('ArrowDown');
  assert.equal(await read(), '高雄市 105年 (2016) 預算 · 勞工福利：3,013.1 萬元', 'the next city-year');
  const outlined = await canvas.evaluate((c) => c.toDataURL());
  assert.notEqual(outlined, before, 'the focused bar is drawn outlined');
  await page.keyboard.press('End');
  assert.equal(await read(), '高雄市 105年 (2016) 預算 · 預備金：30 萬元', 'End: the last category');
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('.bc-live .bc-drill h2'));
  const drill = await page.locator('.bc-live .bc-drill').textContent();
  assert.ok(drill.includes('勞工福利'), `Enter opens 勞工福利: ${drill.slice(0, 80)}`);
  await page.keyboard.press('Tab');
  assert.equal(
    await read(),
    '將游標移到長條上、在圖上用方向鍵移動，或看表格，查看確切數字；Enter 開啟該分類。',
    'leaving the chart puts the hint back',
  );
  // Over time: → moves by year along a city's line.
  await selectTab(page, '歷年趨勢');
  await page.waitForFunction(() => document.querySelector('.bc-live .bc-lines-key'));
  await tabTo(page, '.bc-canvas');
  await page.keyboard.press('ArrowRight');
  assert.match(await read(), /^臺中市 · 104年 \(2015\)：/, 'the second year of the first city');
}, { allow: [] });

// The npm package (`cargo xtask package`, packed by `npm pack`): installed
// from the tarball into a scratch folder, offline, and embedded from
// node_modules by docs/embedding.md's snippet.
const PACKAGE_TARBALL = process.env.PACKAGE_TARBALL;

test('package: the packed npm tarball installs offline and its widget draws the chart', async ({ page, context }) => {
  assert.ok(PACKAGE_TARBALL && existsSync(PACKAGE_TARBALL), `PACKAGE_TARBALL: ${PACKAGE_TARBALL}`);
  const scratch = mkdtempSync(join(tmpdir(), 'budget-compare-npm-'));
  try {
    execFileSync('npm', ['install', '--prefix', scratch, '--offline', '--no-audit', '--no-fund', PACKAGE_TARBALL], { stdio: 'pipe' });
    const installed = JSON.parse(readFileSync(join(scratch, 'node_modules/budget-compare/package.json'), 'utf8'));
    console.log(`# installed ${installed.name}@${installed.version} from ${PACKAGE_TARBALL} (${statSync(PACKAGE_TARBALL).size} bytes)`);
    writeFileSync(join(scratch, 'index.html'), `<!doctype html>
<html lang="zh-TW">
<head>
  <meta charset="utf-8">
  <title>budget-compare from npm</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="node_modules/budget-compare/budget-compare.css">
  <script type="module" src="node_modules/budget-compare/budget-compare.js"></script>
</head>
<body>
  <main>
    <h1>From the npm package</h1>
    <div data-budget-compare data-src="node_modules/budget-compare/data/index.json" data-lang="zh-TW"></div>
  </main>
</body>
</html>
`);
    const types = { ...CONTENT_TYPES, '.wasm': 'application/wasm', '.json': 'application/json' };
    const requests = [];
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
    await context.route(`${BASE_URL}npm-host/**`, async (route) => {
      const name = decodeURIComponent(new URL(route.request().url()).pathname.slice('/npm-host/'.length));
      const file = resolve(scratch, name);
      if (!file.startsWith(scratch + sep) || !existsSync(file) || !statSync(file).isFile()) {
        await route.fulfill({ status: 404, contentType: 'text/plain', body: `no file ${name}` });
        return;
      }
      await route.fulfill({ status: 200, headers: { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' }, body: readFileSync(file) });
    });
    await page.goto(`${BASE_URL}npm-host/index.html`);
    await waitForCharts(page, 1);
    await page.waitForFunction(() => document.querySelector('.bc-data-table'));
    assert.deepEqual(await tableRow(page, INSPECTION_ZH), [INSPECTION_ZH, '46,023', '95,499'], 'the inspection row');
    const outside = [...new Set(requests)].filter((p) => !p.startsWith('/npm-host/') && !p.startsWith('data:'));
    assert.deepEqual(outside, [], 'everything comes from the installed package');
    assert.ok(requests.includes('/npm-host/node_modules/budget-compare/pkg/budget_compare_bg.wasm'), 'the module from node_modules');
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});

test('embed: no third-party requests', async ({ page }) => {
  const urls = [];
  page.on('request', (r) => urls.push(r.url()));
  for (const path of ['', 'csp.html']) {
    const response = await page.goto(new URL(path, BASE_URL).href);
    assert.equal(response?.status(), 200, `GET /${path}`);
    await waitForCharts(page, 1);
    for (const view of [...VIEWS.slice(1), VIEWS[0]]) await selectTab(page, view.zh);
    await switchToEnglish(page);
    await page.waitForTimeout(300);
  }
  const unique = [...new Set(urls)];
  console.log(`# requests (${unique.length}):\n${unique.map((u) => `#   ${u}`).join('\n')}`);
  const foreign = unique.filter((u) => !u.startsWith(BASE_URL) && !/^(data|blob):/.test(u));
  assert.deepEqual(foreign, [], 'requests outside BASE_URL');
});

for (const width of WIDTHS) {
  test(`embed: hostile host stylesheet at ${width}px`, async ({ page, context }) => {
    await serveHosts(context);
    await loadHost(page, 'hostile.html');
    await waitForCharts(page, 1);
    await page.waitForTimeout(300);
    const m = await page.evaluate(() => {
      const root = document.querySelector('.bc-root');
      const canvas = root.querySelector('canvas');
      const box = (e) => {
        const r = e.getBoundingClientRect();
        return { left: r.left, right: r.right, width: r.width, height: r.height };
      };
      const style = getComputedStyle(canvas);
      return {
        widget: box(root),
        canvas: canvas && box(canvas),
        shown: !!canvas && style.display !== 'none' && style.visibility === 'visible' && canvas.checkVisibility(),
      };
    });
    assert.ok(m.canvas && m.shown, 'the chart canvas is shown');
    assert.ok(m.canvas.height > 200, `canvas height ${m.canvas.height} > 200`);
    assert.ok(
      m.canvas.width <= m.widget.width + 0.5 && m.canvas.left >= m.widget.left - 0.5 && m.canvas.right <= m.widget.right + 0.5,
      `canvas [${m.canvas.left}..${m.canvas.right}] within the widget [${m.widget.left}..${m.widget.right}]`,
    );
    assert.equal((await tableRow(page.locator('.bc-root'), INSPECTION_ZH))?.at(-1), '95,499', 'the Compare table (Kaohsiung 105)');
    await page.screenshot({ path: join(SCREENSHOT_DIR, `hostile-${width}.png`), fullPage: true });
    const o = await horizontalOverflow(page);
    assert.ok(
      o.scrollWidth <= width && o.offenderCount === 0,
      `horizontal overflow at ${width}px: document scrollWidth ${o.scrollWidth} (viewport ${o.viewport}); ` +
        `${o.offenderCount} element(s) past the edge: ${o.offenders.join('; ')}`,
    );
  }, { width });
}

test('embed: the widget stylesheet does not restyle the host', async ({ page, context }) => {
  await serveHosts(context);
  await loadHost(page, 'reverse.html');
  await waitForCharts(page, 1);
  const measure = () => page.evaluate(() => {
    const names = [
      'font-size', 'font-family', 'font-weight', 'line-height', 'color', 'background-color',
      'margin-top', 'margin-right', 'margin-bottom', 'margin-left',
      'padding-top', 'padding-right', 'padding-bottom', 'padding-left',
      'border-top-width', 'border-top-style', 'border-top-color', 'box-sizing', 'display', 'outline-style',
    ];
    const out = {};
    for (const selector of ['html', 'body', 'p.host', 'p.host mark', 'p.host code', 'button.host', 'table.host', 'table.host caption', 'table.host th', 'table.host td']) {
      const s = getComputedStyle(document.querySelector(selector));
      out[selector] = Object.fromEntries(names.map((n) => [n, s.getPropertyValue(n)]));
    }
    return out;
  });
  const withCss = await measure();
  const sheets = await page.evaluate(() => {
    const link = document.querySelector('link[href$="budget-compare.css"]');
    const loaded = !!link.sheet && link.sheet.cssRules.length > 0;
    link.remove();
    return loaded;
  });
  assert.ok(sheets, 'budget-compare.css was loaded');
  const withoutCss = await measure();
  for (const selector of Object.keys(withCss)) {
    assert.deepEqual(withCss[selector], withoutCss[selector], `${selector}: computed style with vs without budget-compare.css`);
  }
});

test('embed: widget added later and removed', async ({ page }) => {
  await load(page);
  await page.evaluate(() => {
    const div = document.createElement('div');
    div.setAttribute('data-budget-compare', '');
    div.setAttribute('data-src', 'data/index.json');
    div.setAttribute('data-view', 'plans');
    div.setAttribute('data-lang', 'en');
    window.__added = div;
    document.body.append(div);
  });
  const added = page.locator('div[data-budget-compare][data-view="plans"]');
  await added.locator('.bc-plan-side h2').first().waitFor({ timeout: 10000 });
  const headings = await added.locator('.bc-plan-side h2').allTextContents();
  assert.ok(headings.length >= 1 && headings.every((h) => h.trim() !== ''), `plan headings: ${JSON.stringify(headings)}`);
  assert.deepEqual(await selectedIn(added), ['Plans'], 'added widget: selected tab');
  console.log(`# plan headings: ${headings.join(' | ')}`);
  const hash = await page.evaluate(() => location.hash);

  await page.evaluate(() => window.__added.remove());
  await page.waitForFunction(() => window.__added.childNodes.length === 0, null, { timeout: 5000 })
    .catch(() => {});
  const removed = await page.evaluate(() => ({
    children: window.__added.childNodes.length,
    root: window.__added.classList.contains('bc-root'),
  }));
  assert.deepEqual(removed, { children: 0, root: false }, 'the removed widget was destroyed');
  assert.equal(await page.evaluate(() => location.hash), hash, 'the page widget keeps its hash');
  // The page's own widget still works.
  await selectTab(page, '數據表');
  assert.match(await page.evaluate(() => location.hash), /^#view=table&/, 'hash after the page widget changes');
  await page.waitForTimeout(300);
});

/// Serves a synthetic data set (tests/bench/gen-data.mjs: 22 cities × 15
/// years = 330 documents) under /large/; `requested` lists what was asked.
async function serveLarge(context) {
  const { generate } = await import('../bench/gen-data.mjs');
  const data = generate(join(tmpdir(), `budget-compare-large-${process.pid}`));
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
  return { data, requested };
}

/// Loads a host page of the large set until every document is in; returns
/// the files under /large/ starting with `prefix` that the page had asked
/// for when the first chart was drawn (its own timeline: the requests seen by
/// the route may already include the background ones).
async function loadLargeHost(page, host, prefix) {
  await loadHost(page, host);
  await waitForCharts(page, 1);
  const atFirstChart = await page.evaluate(([mark, prefix]) => {
    const drawn = performance.getEntriesByName(mark)[0].startTime;
    return performance.getEntriesByType('resource')
      .filter((e) => e.startTime < drawn && e.name.includes(`/large/${prefix}`))
      .map((e) => new URL(e.name).pathname.slice('/large/'.length));
  }, [CHART_MARK, prefix]);
  await page.waitForFunction(() => performance.getEntriesByName('budget-compare:data-complete').length > 0, null, { timeout: 60_000 });
  await page.locator('.bc-widget .bc-status').waitFor({ state: 'detached' });
  return atFirstChart;
}

test('large data set: a new src while it loads shows only the new data', async ({ page, context }) => {
  const { data } = await serveLarge(context);
  await serveHosts(context);
  await loadHost(page, 'api.html');
  await page.waitForFunction(() => window.__ready === true);
  await page.evaluate(() => window.__bc.update({ src: '/large/index.json' }));
  // Once the large set's documents are on their way, switch back.
  await page.waitForFunction(() => performance.getEntriesByType('resource')
    .some((e) => e.name.includes('/large/index.json')));
  await page.evaluate(() => window.__bc.update({ src: '/data/index.json' }));
  await page.waitForTimeout(2000); // longer than the large set's first step
  const synthetic = await page.evaluate(() => performance.getEntriesByType('resource')
    .filter((e) => e.name.includes('/large/synthetic-')).length);
  console.log(`# synthetic documents fetched: ${synthetic} (of 330)`);
  const root = page.locator('#w');
  const cells = await root.locator('.bc-data-table td').allTextContents();
  assert.ok(cells.includes('95,499'), 'the bundled data is shown (Kaohsiung 105 inspection by function: 95,499)');
  assert.ok(!(await root.textContent()).includes('Synthetic'), 'nothing of the synthetic set is shown');
  rmSync(data.dir, { recursive: true, force: true });
});

test('large data set: the newest year of each city first, the rest in the background', async ({ page, context }) => {
  const { data, requested } = await serveLarge(context);
  await serveHosts(context);
  const atFirstChart = await loadLargeHost(page, 'large.html', 'synthetic-');
  const boxes = page.locator('.bc-picker input[type="checkbox"]');
  const checked = await page.locator('.bc-picker input[type="checkbox"]:checked').count();
  const documents = requested.filter((n) => n.startsWith('synthetic-'));
  console.log(`# before the first chart: ${atFirstChart.length} documents; in all: ${documents.length}; picker ${await boxes.count()} (${checked} checked)`);
  const twice = documents.filter((n, i) => documents.indexOf(n) !== i);
  console.log(`# fetched twice: ${twice.join(' ')}`);
  assert.deepEqual(
    [...atFirstChart].sort(),
    data.latest.map((k) => `${k.replace(/\.(\d+)$/, '-$1')}.json`).sort(),
    'before the first chart, only the newest document of each city was fetched',
  );
  assert.equal(requested.filter((n) => n === 'index.json').length, 1, 'the manifest is fetched once');
  assert.equal(new Set(documents).size, 330, 'every document fetched');
  assert.equal(documents.length, 330, 'and each only once');
  assert.equal(await boxes.count(), 330, 'the picker lists every city-year once all are in');
  assert.equal(checked, 22, 'the newest year of each city stays selected');
  assert.equal(await page.evaluate(() => performance.getEntriesByName('budget-compare:data-validated').length), 2, 'two steps');
  rmSync(data.dir, { recursive: true, force: true });
});

test('large data set in collection files: the newest first, each file fetched once', async ({ page, context }) => {
  const { data, requested } = await serveLarge(context);
  await serveHosts(context);
  const atFirstChart = await loadLargeHost(page, 'large-collections.html', 'collection-');
  assert.deepEqual(atFirstChart, [data.collection_files[0]], 'before the first chart, only the newest years\' collection');
  assert.deepEqual(
    requested.filter((n) => n !== 'taxonomy.json').sort(),
    ['collection-newest.json', 'collection-older.json', 'index-collections.json'],
    'the manifest and each collection file once, no single-document file',
  );
  assert.equal(await page.locator('.bc-picker input[type="checkbox"]').count(), 330, 'every city-year of both files');
  assert.equal(await page.locator('.bc-picker input[type="checkbox"]:checked').count(), 22, 'the newest year of each city selected');
  assert.equal(await page.locator('.bc-error').count(), 0, 'no errors');
  assert.equal(await page.evaluate(() => performance.getEntriesByName('budget-compare:data-validated').length), 2, 'two steps');
  rmSync(data.dir, { recursive: true, force: true });
});

// The loader requests a permalink's city-years with the first view's other
// files while the module compiles (held back here), not once it has mounted.
test('large data set: a permalink\'s years are requested while the module compiles', async ({ page, context }) => {
  const { data, requested } = await serveLarge(context);
  await serveHosts(context);
  let released = null;
  await context.route(`${BASE_URL}pkg/budget_compare_bg.wasm`, async (route) => {
    await new Promise((done) => setTimeout(done, 1500));
    released = Date.now();
    await route.fallback();
  });
  const asked = [];
  page.on('request', (r) => { if (r.url().endsWith('/large/synthetic-05-103.json')) asked.push(Date.now()); });
  const response = await page.goto(`${BASE_URL}hosts/large-permalink.html#view=compare&sel=synthetic-05.103,synthetic-09.114`);
  assert.equal(response?.status(), 200);
  await waitForCharts(page, 1);
  const header = await page.locator('.bc-data-table thead th').allTextContents();
  assert.deepEqual(header.slice(1), ['Synthetic City 05 (benchmark only) FY2014 (ROC 103) budget', 'Synthetic City 09 (benchmark only) FY2025 (ROC 114) budget'], 'the permalink\'s view');
  assert.equal(asked.length, 1, 'the permalink\'s older year is fetched once');
  assert.ok(released !== null && asked[0] < released, `requested ${released - asked[0]} ms before the module was released (negative: after)`);
  assert.equal(requested.filter((n) => n === 'synthetic-05-103.json').length, 1);
  rmSync(data.dir, { recursive: true, force: true });
});

test('embed: a bad source fails alone', async ({ page, context }) => {
  await serveHosts(context);
  await loadHost(page, 'broken.html');
  const error = page.locator('#missing .bc-error');
  await error.waitFor();
  const text = (await error.textContent()).trim();
  assert.ok(text.includes('HTTP 404'), `#missing says HTTP 404: ${text}`);
  console.log(`# missing source: ${text}`);
  const good = page.locator('#good');
  await good.locator('.bc-data-table').first().waitFor();
  assert.deepEqual(await selectedIn(good), ['Table'], '#good: selected tab');
  assert.ok(
    (await good.locator('.bc-data-table td').allTextContents()).includes('95,499'),
    '#good: its table has 95,499 (Kaohsiung 105)',
  );
  assert.equal(await good.locator('.bc-error').count(), 0, '#good has no error');
}, { allow: [/^console\.error: Failed to load resource: the server responded with a status of 404 \(Not Found\) \(\S*\/data\/missing\.json:/] });

// Bad input (tests/fixtures/bad/): each fixture is listed in a manifest
// beside a good document; the widget names the bad one (file, JSON path,
// expectation), shows the good one, and runs no script from the data.
const BAD_DIR = fileURLToPath(new URL('../fixtures/bad/', import.meta.url));
const BAD_CASES = [
  ['string-for-number.json', 'budget.lines[1].amount: expected a non-negative integer, found "1,593"'],
  ['negative-amount.json', 'budget.lines[1].amount: expected a non-negative integer, found -100'],
  ['wrong-type.json', 'budget.lines[0].name: expected a string, found 42'],
  ['unknown-category.json', 'budget.lines[1].category: expected a category id defined in the taxonomy, found "astrology"'],
  ['duplicate-id.json', 'budget.lines[1].id: expected a unique id, found "1" again'],
  ['year-out-of-range.json', 'fiscal_year: expected a ROC fiscal year from 1 to 300, found 2017'],
  ['wrong-format.json', 'format: expected "budget-compare/1", found "budget-compare/2"'],
  ['malformed.json', 'expected valid JSON, found an error at line 1 column 59'],
  ['truncated.json', 'expected valid JSON, found an error at line'],
  ['deep-lines.json', 'expected lines nested at most 12 levels deep'],
  ['very-deep.json', 'nested more than 128 levels deep'],
  ['huge.json', 'expected at most 20,971,520 bytes (20 MiB): refused before parsing'],
  ['nothing.json', 'could not be read: HTTP 404'],
  ['cors', 'could not be read: network error'],
];

/// Answers with a page of one widget whose manifest is index.json beside it.
function widgetPage(route) {
  return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body:
    '<!doctype html><html lang="zh-TW"><head><meta charset="utf-8"><link rel="icon" href="data:,">' +
    '<link rel="stylesheet" href="/budget-compare.css"><script type="module" src="/budget-compare.js"></script></head>' +
    '<body><div data-budget-compare data-src="index.json" data-permalink="off"></div></body></html>' });
}

/// Serves BASE_URL/bad/<case>/ : page.html (one widget), index.json (the
/// manifest: Kaohsiung 107 from the bundled data plus the fixture as 106),
/// and the fixture files (huge.json is 30 MiB, generated here).
async function serveBad(context) {
  await context.route(`${BASE_URL}bad/**`, async (route) => {
    const path = new URL(route.request().url()).pathname.slice('/bad/'.length);
    const [name, file] = path.split('/');
    const json = (body) => route.fulfill({ status: 200, contentType: 'application/json', body });
    if (file === 'page.html') return widgetPage(route);
    if (file === 'index.json' && name === 'collection.json') {
      // Three entries in one collection file: 104 usable, 106 refused, 105 not in it.
      const href = `/bad/${name}/${name}`;
      return json(JSON.stringify({
        format: 'budget-compare/1', title: { 'zh-TW': '測試（合成）', en: 'Test (synthetic)' },
        taxonomy: '/data/taxonomy.json',
        documents: [
          { href, city: 'kaohsiung', fiscal_year: 104 },
          { href, city: 'kaohsiung', fiscal_year: 105 },
          { href, city: 'kaohsiung', fiscal_year: 106 },
          { href: '/data/kaohsiung-107.json', city: 'kaohsiung', fiscal_year: 107 },
        ],
      }));
    }
    if (file === 'index.json') {
      const href = name === 'cors' ? 'http://127.0.0.2:9/fixture.json' : `/bad/${name}/${name}`;
      return json(JSON.stringify({
        format: 'budget-compare/1', title: { 'zh-TW': '測試（合成）', en: 'Test (synthetic)' },
        taxonomy: '/data/taxonomy.json',
        documents: [
          { href: '/data/kaohsiung-107.json', city: 'kaohsiung', fiscal_year: 107 },
          { href, city: 'kaohsiung', fiscal_year: 106 },
        ],
      }));
    }
    if (file === 'huge.json') return json(' '.repeat(30 * 1024 * 1024) + '{}');
    const fixture = resolve(BAD_DIR, file ?? '');
    if (!fixture.startsWith(BAD_DIR.replace(/[\\/]$/, '') + sep) || !existsSync(fixture)) {
      return route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found' });
    }
    return json(readFileSync(fixture));
  });
}

for (const [name, expected] of BAD_CASES) {
  test(`bad input: ${name}`, async ({ page, context }) => {
    await serveBad(context);
    const dialogs = [];
    page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
    await page.goto(`${BASE_URL}bad/${name}/page.html`);
    await waitForCharts(page, 1);
    const errors = await page.locator('.bc-error li').allTextContents();
    assert.equal(errors.length, 1, `one message: ${errors.join(' | ')}`);
    const file = name === 'cors' ? 'http://127.0.0.2:9/fixture.json' : `/bad/${name}/${name}`;
    assert.ok(errors[0].startsWith(`${file}: `), `names the file: ${errors[0]}`);
    assert.ok(errors[0].includes(expected), `says ${expected}: ${errors[0]}`);
    const header = await page.locator('.bc-data-table thead th').allTextContents();
    assert.deepEqual(header, ['分類（依職能）', '高雄市 107年 (2018) 預算'], 'the good document still shows');
    assert.deepEqual(dialogs, [], 'no script ran');
  }, { allow: [/nothing\.json|127\.0\.0\.2|huge\.json/] });
}

// Documents are checked while the reference file is on its way; one that
// comes last and cannot be read is named, and the documents still show.
test('bad input: a reference file that comes last and cannot be read', async ({ page, context }) => {
  await context.route(`${BASE_URL}late-reference/**`, async (route) => {
    const file = new URL(route.request().url()).pathname.split('/').pop();
    if (file === 'page.html') return widgetPage(route);
    if (file === 'index.json') {
      return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({
        format: 'budget-compare/1', title: { 'zh-TW': '測試', en: 'Test' },
        taxonomy: '/data/taxonomy.json', reference: 'reference.json',
        documents: [{ href: '/data/kaohsiung-107.json', city: 'kaohsiung', fiscal_year: 107 }],
      }) });
    }
    await new Promise((done) => setTimeout(done, 600));
    return route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found' });
  });
  await page.goto(`${BASE_URL}late-reference/page.html`);
  await waitForCharts(page, 1);
  const header = await page.locator('.bc-data-table thead th').allTextContents();
  assert.deepEqual(header, ['分類（依職能）', '高雄市 107年 (2018) 預算'], 'the document shows');
  const errors = await page.locator('.bc-error li').allTextContents();
  assert.deepEqual(errors, ['reference.json: could not be read: HTTP 404 Not Found'], 'names the reference as the manifest does');
  // Under its own heading, which says what is lost: no document was refused.
  const headings = await page.locator('.bc-error > p').allTextContents();
  assert.deepEqual(headings, ['參考資料（物價指數、人口）無法使用，實質金額與每人金額無法計算：']);
}, { allow: [/late-reference\/reference\.json/] });

test('bad input: hostile names stay text', async ({ page, context }) => {
  await serveBad(context);
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  await page.goto(`${BASE_URL}bad/hostile-names.json/page.html`);
  await waitForCharts(page, 1);
  assert.equal(await page.locator('.bc-error').count(), 0, 'a valid document');
  await selectTab(page, '關於資料');
  const about = await page.locator('.bc-about').textContent();
  assert.ok(about.includes('<img src=x onerror=alert(1)>'), 'the name is shown as written');
  assert.ok(about.includes('</script><script>alert(2)</script>'), 'the other name too');
  assert.equal(await page.locator('.bc-widget img, .bc-widget script, .bc-widget b').count(), 0, 'no element made from data');
  assert.deepEqual(dialogs, [], 'no script ran');
});

test('bad input: a collection file names its bad document, keeps the good one, fetched once', async ({ page, context }) => {
  await serveBad(context);
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  const requests = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  await page.goto(`${BASE_URL}bad/collection.json/page.html`);
  await waitForCharts(page, 1);
  const file = '/bad/collection.json/collection.json';
  assert.deepEqual(await page.locator('.bc-error li').allTextContents(), [
    // In manifest order: 105 (not in the file), then 106 (refused).
    `${file}: documents: expected a document of city "kaohsiung", fiscal year 105 as the manifest lists it, found none`,
    `${file}: documents[1].budget.lines[1].amount: expected a non-negative integer, found "1,593"`,
  ]);
  assert.equal(requests.filter((p) => p === file).length, 1, 'the collection file is fetched once for its three entries');
  const years = await page.locator('.bc-picker label').allTextContents();
  assert.ok(years.some((y) => y.includes('104年')), `104 from the collection can be picked: ${years.join(' | ')}`);
  assert.ok(years.some((y) => y.includes('107年')), `107 from its own file can be picked: ${years.join(' | ')}`);
  await selectTab(page, '關於資料');
  const about = await page.locator('.bc-about').textContent();
  assert.ok(about.includes('<img src=x onerror=alert(1)>'), 'the hostile name of 104 is shown as written');
  assert.equal(await page.locator('.bc-widget img, .bc-widget script, .bc-widget b').count(), 0, 'no element made from data');
  assert.deepEqual(dialogs, [], 'no script ran');
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
      ctx.errors = ctx.errors.filter((e) => !t.allow.some((pattern) => pattern.test(e)));
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
