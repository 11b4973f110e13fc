// What the page tests share: the site under test, the views, and helpers
// that load the demo page, switch tabs, read tables, download exports, walk
// the keyboard, run axe-core, and wait for the widget to be drawn and settled
// (ported from the hand-written runner this suite replaced; same names, same work).

import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { expect, resolvePackage } from './pw.mjs';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BASE_URL = process.env.BASE_URL;
if (!BASE_URL) throw new Error('BASE_URL is not set (e.g. http://127.0.0.1:8080/)');
export const SCREENSHOT_DIR = process.env.SCREENSHOT_DIR
  ? resolve(process.env.SCREENSHOT_DIR)
  : join(ROOT, 'target/screenshots');
mkdirSync(SCREENSHOT_DIR, { recursive: true });

export const CHART_MARK = 'budget-compare:chart-drawn';
export const INSPECTION_ZH = '勞動檢查與職業安全';

export const VIEWS = [
  { id: 'compare', zh: '比較', en: 'Compare' },
  { id: 'over-time', zh: '歷年趨勢', en: 'Over time' },
  { id: 'plans', zh: '施政計畫', en: 'Plans' },
  { id: 'table', zh: '數據表', en: 'Table' },
  { id: 'about', zh: '關於資料', en: 'About the data' },
];
export const LANGS = ['zh-TW', 'en'];
export const WIDTHS = [375, 1200];

/// What each view shows once it is built (every selector is inside the
/// widget): the wait before a screenshot, an audit or a check that nothing
/// else changed, instead of a fixed pause.
export const VIEW_READY = {
  compare: ['.bc-canvas', '.bc-summary', '.bc-data-table'],
  'over-time': ['.bc-canvas', '.bc-lines-key', '.bc-data-table'],
  plans: ['.bc-plan-side'],
  table: ['.bc-data-table.bc-sortable'],
  about: ['.bc-about'],
};

// --- Errors ---------------------------------------------------------------

/// Collects the console errors, uncaught page errors and failed requests of
/// `page` (as run.mjs's open() did): the returned array fills as they come.
export function watchErrors(page, errors = []) {
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
  return errors;
}

/// A second page in a context of its own, `width` px wide, watched like the
/// test's page (run.mjs's open()).
export async function openPage(browser, width = 1200) {
  const context = await browser.newContext({ viewport: { width, height: 900 }, acceptDownloads: true });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  return { context, page, errors: watchErrors(page) };
}

// --- Host pages -----------------------------------------------------------

/// Host pages of the embedding tests: files in tests/page/hosts/, served
/// under BASE_URL/hosts/ (same origin as the widget) through a route.
export const HOSTS_DIR = fileURLToPath(new URL('../page/hosts/', import.meta.url));
export const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/// Serves tests/page/hosts/ at BASE_URL/hosts/ in `context`; `csp` maps a
/// file name to the Content-Security-Policy header it is served with.
export async function serveHosts(context, { csp = {} } = {}) {
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
export async function loadHost(page, name) {
  const response = await page.goto(`${BASE_URL}hosts/${name}`);
  assert.equal(response?.status(), 200, `GET hosts/${name}`);
}

// --- The demo page --------------------------------------------------------

/// Loads the demo page (with an optional `#hash`) and waits for the first chart.
export async function load(page, hash = '') {
  const response = await page.goto(new URL(hash, BASE_URL).href);
  assert.equal(response?.status(), 200, `GET ${BASE_URL}${hash}`);
  await waitForCharts(page, 1);
}

export async function chartCount(page) {
  return page.evaluate((mark) => performance.getEntriesByName(mark).length, CHART_MARK);
}

export async function waitForCharts(page, atLeast) {
  await page.waitForFunction(
    ([mark, n]) => performance.getEntriesByName(mark).length >= n,
    [CHART_MARK, atLeast],
  );
}

/// Clicks a tab by its visible name and checks that it became the selected one.
export async function selectTab(page, name) {
  const tab = page.getByRole('tab', { name, exact: true });
  await tab.click();
  await page.waitForFunction(
    (n) => [...document.querySelectorAll('.bc-widget [role="tab"]')]
      .some((t) => t.textContent.trim() === n && t.getAttribute('aria-selected') === 'true'),
    name,
  );
}

export async function tabNames(page) {
  return page.locator('.bc-widget [role="tab"]').evaluateAll((tabs) => tabs.map((t) => t.textContent.trim()));
}

export async function selectedTab(page) {
  return page.locator('.bc-widget [role="tab"][aria-selected="true"]').evaluateAll((tabs) => tabs.map((t) => t.textContent.trim()));
}

/// Switches the widget to English with the language button.
export async function switchToEnglish(page) {
  const button = page.locator('.bc-widget .bc-lang');
  assert.equal((await button.textContent()).trim(), 'English', 'language button label in zh-TW');
  await button.click();
  await page.waitForFunction(() => document.querySelector('.bc-widget')?.getAttribute('lang') === 'en');
}

/// Waits until the view `viewId` of the widget in `scope` (a page or a
/// locator) is built: what VIEW_READY lists for it is there.
export async function viewReady(scope, viewId) {
  for (const selector of VIEW_READY[viewId]) {
    await expect(scope.locator(`.bc-widget ${selector}`).first(), `${viewId}: ${selector}`).toBeAttached();
  }
}

/// Waits until the page has settled: its fonts are loaded, no widget is
/// still mounting or loading more data, and the document's size and element
/// count stay the same across two animation frames (layout done, deferred
/// renders run, queued events such as CSP violations and layout-shift
/// entries delivered). A condition, not a pause: it returns as soon as the
/// page is still.
export async function settle(page) {
  await expect.poll(() => page.evaluate(async () => {
    await document.fonts.ready;
    const frame = () => new Promise((done) => requestAnimationFrame(() => done()));
    const shape = () => {
      const e = document.documentElement;
      return `${e.scrollWidth}x${e.scrollHeight}:${document.getElementsByTagName('*').length}`;
    };
    const busy = () => !!document.querySelector('.bc-live-pending, .bc-widget .bc-status[role="status"]');
    const before = shape();
    await frame();
    await frame();
    return !busy() && shape() === before;
  }), { message: 'the page settles (same layout over two frames, nothing loading)', intervals: [0] }).toBe(true);
}

/// Waits for the next animation frame of `page` (the render a DOM event
/// scheduled has run by then).
export async function nextFrame(page) {
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))));
}

/// Elements of the widget that stick out of the viewport sideways without a
/// scrolling ancestor inside the viewport to contain them, plus the page's
/// own horizontal overflow.
export async function horizontalOverflow(page) {
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

/// Asserts that nothing of the widget sticks out sideways at `width` px.
export async function assertNoHorizontalOverflow(page, width) {
  const o = await horizontalOverflow(page);
  assert.ok(
    o.scrollWidth <= width && o.offenderCount === 0,
    `horizontal overflow at ${width}px: document scrollWidth ${o.scrollWidth} (viewport ${o.viewport}); ` +
      `${o.offenderCount} element(s) past the edge: ${o.offenders.join('; ')}`,
  );
}

/// How far the page's content sticks out sideways.
export async function horizontalOverflowOf(page) {
  return page.evaluate(() => Math.max(0, document.documentElement.scrollWidth - document.documentElement.clientWidth));
}

/// Saves a screenshot of the whole page to SCREENSHOT_DIR/`name`.
export async function screenshot(page, name) {
  await page.screenshot({ path: join(SCREENSHOT_DIR, name), fullPage: true });
}

/// The URLs the page requests of the lazily loaded module `name`
/// (`extras`, `import`: under `/pkg-NAME/`), filled as they are made.
export function moduleRequests(page, name) {
  const urls = [];
  page.on('request', (r) => { if (r.url().includes(`/pkg-${name}/`)) urls.push(r.url()); });
  return urls;
}

/// Clicks the export button `buttonName` (in `scope`, default the page) and
/// returns the file it downloads.
export async function download(page, buttonName, scope = page) {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    scope.getByRole('button', { name: buttonName, exact: true }).click(),
  ]);
  const failure = await file.failure();
  assert.equal(failure, null, `${buttonName}: download failed`);
  const bytes = readFileSync(await file.path());
  return { name: file.suggestedFilename(), bytes };
}

/// The centres (CSS px, relative to the canvas) of the bars, markers and
/// swatches drawn in colour on the widget's canvas: runs of saturated
/// pixels, merged over consecutive rows.
export async function colouredShapes(page) {
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
export async function hoverText(page, x, y) {
  const canvas = page.locator('.bc-widget canvas').first();
  await canvas.hover({ position: { x, y } });
  // The mousemove sets the hover state; the widget re-renders the line by
  // the next frame (was: a 30 ms pause).
  await nextFrame(page);
  return (await page.locator('.bc-widget .bc-hover').first().textContent()).trim();
}

// --- Widgets inside a host page --------------------------------------------

/// The tab names of the widget in `scope` (a locator).
export async function tabsOf(scope) {
  return scope.locator('.bc-widget [role="tab"]').evaluateAll((tabs) => tabs.map((t) => t.textContent.trim()));
}

/// The selected tab of the widget in `scope`.
export async function selectedIn(scope) {
  return scope.locator('.bc-widget [role="tab"][aria-selected="true"]')
    .evaluateAll((tabs) => tabs.map((t) => t.textContent.trim()));
}

/// Clicks the tab `name` of the widget in `scope` and waits until it is selected.
export async function selectTabIn(scope, name) {
  const tab = scope.getByRole('tab', { name, exact: true });
  await tab.click();
  await tab.and(scope.locator('[aria-selected="true"]')).waitFor();
}

/// The cells (header first) of the table row of `scope` whose header is `name`.
export async function tableRow(scope, name) {
  return scope.locator('.bc-data-table tbody tr').evaluateAll(
    (rows, n) => rows
      .map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent.trim()))
      .find((cells) => cells[0] === n) ?? null,
    name,
  );
}

/// Ids that occur more than once in the document.
export async function duplicateIds(page) {
  return page.evaluate(() => {
    const seen = new Map();
    for (const e of document.querySelectorAll('[id]')) seen.set(e.id, (seen.get(e.id) ?? 0) + 1);
    return [...seen].filter(([, n]) => n > 1).map(([id, n]) => `${id} ×${n}`);
  });
}

/// Collects Content-Security-Policy violations into window.__violations.
export async function collectViolations(page) {
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__violations.push(
        `${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile || '?'}:${e.lineNumber}`,
      );
    }, true);
  });
}

// --- The prerendered fragment ------------------------------------------------

/// The summary sentence and the table (header, rows) inside `selector`.
export async function shownTexts(scope, selector) {
  return scope.locator(selector).evaluate((root) => ({
    summary: root.querySelector('.bc-summary')?.textContent.trim(),
    rows: [...root.querySelectorAll('.bc-data-table tbody tr')].map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent.trim())),
    header: [...root.querySelectorAll('.bc-data-table thead th')].map((c) => c.textContent.trim()),
  }));
}

/// What a page's prerendered fragment shows: the visible chart's texts, the
/// summary, the table rows and the source line.
export async function fragmentTexts(scope) {
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
export async function widgetTexts(scope) {
  return shownTexts(scope, '.bc-live .bc-widget');
}

/// The default view's figures as the page tests know them (105: Taichung's
/// draft against Kaohsiung's budget, 千元).
export function checkDefaultFragment(shown, where, width) {
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

// --- Keyboard and accessibility ----------------------------------------------

/// Presses Tab until the focused element matches `selector`.
export async function tabTo(page, selector) {
  for (let i = 0; i < 60; i += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

// axe-core (WCAG 2.0–2.2 A and AA, and best practices).
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
let axeSource = null;

/// Runs axe-core on the page; returns the number of rules that pass and a
/// line per violation.
export async function axeViolations(page) {
  axeSource ??= readFileSync(resolvePackage('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(axeSource);
  return page.evaluate(async (tags) => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return {
      passes: result.passes.length,
      violations: result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}${v.nodes.length > 3 ? ` (+${v.nodes.length - 3})` : ''}`),
    };
  }, AXE_TAGS);
}
