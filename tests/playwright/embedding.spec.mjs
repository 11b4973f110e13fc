// Embedding: host pages of tests/page/hosts/ (served same-origin by the
// `hosts` fixture), the strict-CSP page, third-party requests, hostile and
// reverse stylesheets, widgets added later, the large synthetic data set,
// and bad input (tests/fixtures/bad/).

import { existsSync, readFileSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { allowErrors, expect, test } from './fixtures.mjs';
import {
  BASE_URL, CHART_MARK, INSPECTION_ZH, VIEWS, WIDTHS,
  assertNoHorizontalOverflow, chartCount, collectViolations, download, duplicateIds, loadHost, load,
  screenshot, selectTab, selectTabIn, selectedIn, settle, switchToEnglish, tableRow, tabsOf, viewReady,
  waitForCharts,
} from './helpers.mjs';

test('embed: two widgets on one page', async ({ page, hosts }) => {
  await hosts.load('two.html');
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
    // Was a 150 ms pause: A's view is built and the page still, so anything
    // it would do to B or the hash has been done.
    await viewReady(a, view.id);
    await settle(page);
    assert.deepEqual(await selectedIn(a), [view.zh], `A: selected tab after clicking ${view.zh}`);
    assert.deepEqual(await selectedIn(b), ['Over time'], `B: selected tab after A's ${view.zh}`);
    assert.equal(await bText(), bBefore, `B's text after A's ${view.zh}`);
    assert.equal(await page.evaluate(() => location.hash), '', `hash after A's ${view.zh}`);
    assert.deepEqual(await duplicateIds(page), [], `duplicate ids with A on ${view.zh}`);
  }
});

test('embed: JS API mount, change event, update, destroy', async ({ page, hosts }) => {
  await hosts.load('api.html');
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
  assert.equal(detail.category, null, 'no category: null');
  assert.ok(detail.years.length > 0 && detail.years.every((y) => /^[a-z~]+\.\d+$/.test(y)), `years: ${detail.years}`);
  assert.deepEqual(detail.cities, [...new Set(detail.years.map((y) => y.split('.')[0]))], 'the cities of the years, each once');
  assert.equal(detail.metric, 'amount', 'detail.metric');
  assert.match(detail.hash, /^view=plans&lang=en(&|$)/, 'detail.hash');
  assert.equal(await page.evaluate(() => location.hash), '', 'mount(): no permalink hash');

  await page.evaluate(() => window.__bc.update({ view: 'over-time', lang: 'zh-TW' }));
  await page.waitForFunction(() => document.querySelector('#w .bc-widget')?.getAttribute('lang') === 'zh-TW');
  await w.locator('[role="tab"][aria-selected="true"]', { hasText: '歷年趨勢' }).waitFor();
  assert.deepEqual(await selectedIn(w), ['歷年趨勢'], 'selected tab after update()');
  assert.deepEqual(await tabsOf(w), VIEWS.map((v) => v.zh), 'tab names after update()');

  // Every change to #w from destroy() on is recorded.
  await page.evaluate(() => {
    const w = document.querySelector('#w');
    window.__added = [];
    new MutationObserver((records) => {
      for (const r of records) for (const n of r.addedNodes) window.__added.push(n.nodeName);
    }).observe(w, { childList: true, subtree: true });
  });
  await page.evaluate(() => window.__bc.destroy());
  assert.equal(await page.evaluate(() => document.querySelector('#w').innerHTML), '', '#w after destroy()');
  // Kept pause (300 ms, as before): "stays empty" is the absence of an
  // event, so there is no condition to wait for; the window gives anything
  // still scheduled by the destroyed widget (a render, a timer, a late load)
  // the time to (wrongly) write into #w. The MutationObserver above records
  // it even if it is undone within the window.
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => document.querySelector('#w').childNodes.length), 0, '#w stays empty');
  assert.deepEqual(await page.evaluate(() => window.__added), [], 'nothing was added to #w after destroy()');
});

test('embed: JS API with a bad option', async ({ page, hosts }) => {
  const warnings = [];
  page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
  await hosts.load('api.html');
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

test('embed: iframe sizes to its content', async ({ page, hosts }) => {
  await hosts.load('frame.html');
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
  // The frame reports its height with postMessage: wait until the iframe's
  // height matches the frame's content and has not moved for 400 ms.
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
    // Was a 200 ms pause: the view is built and the page still (a violation
    // is reported in a task queued while rendering, delivered by then).
    await viewReady(page, view.id);
    await settle(page);
  }
  const before = await chartCount(page);
  await switchToEnglish(page);
  // Was a 300 ms pause: the English chart is drawn and the page still.
  await waitForCharts(page, before + 1);
  await viewReady(page, 'compare');
  await settle(page);
  assert.deepEqual(await page.evaluate(() => window.__violations), [], 'CSP violations');
});

const NO_WASM_CSP = "default-src 'self'; script-src 'self'; style-src 'self'";

test.describe(() => {
  test.use({ hostCsp: { 'nowasm.html': NO_WASM_CSP } });
  test.use(allowErrors(/^console\.error: budget-compare: CompileError: WebAssembly\.compileStreaming\(\): .*Content Security Policy/s));
  test('embed: CSP without wasm-unsafe-eval shows why', async ({ page, hosts }) => {
    await collectViolations(page);
    const messages = [];
    page.on('console', (m) => { if (m.type() === 'error') messages.push(m.text()); });
    await hosts.load('nowasm.html');
    await page.waitForFunction(() => document.querySelectorAll('[data-budget-compare].bc-failed').length === 2);
    const shown = await page.locator('[data-budget-compare]').evaluateAll((es) => es.map((e) => ({
      lang: e.getAttribute('data-lang'),
      role: e.querySelector(':scope > .bc-failure-note')?.getAttribute('role'),
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
  });
});

test('embed: no third-party requests', async ({ page }) => {
  const urls = [];
  page.on('request', (r) => urls.push(r.url()));
  // Requests still on their way (the next check waits for none).
  const inFlight = new Set();
  page.on('request', (r) => inFlight.add(r));
  page.on('requestfinished', (r) => inFlight.delete(r));
  page.on('requestfailed', (r) => inFlight.delete(r));
  for (const path of ['', 'csp.html']) {
    const response = await page.goto(new URL(path, BASE_URL).href);
    assert.equal(response?.status(), 200, `GET /${path}`);
    await waitForCharts(page, 1);
    for (const view of [...VIEWS.slice(1), VIEWS[0]]) await selectTab(page, view.zh);
    const before = await chartCount(page);
    await switchToEnglish(page);
    // Was a 300 ms pause: the English view is drawn, the page still and no
    // request is on its way (all it asked for is in `urls`).
    await waitForCharts(page, before + 1);
    await settle(page);
    await expect.poll(() => inFlight.size, 'requests still on their way').toBe(0);
  }
  const unique = [...new Set(urls)];
  console.log(`# requests (${unique.length}):\n${unique.map((u) => `#   ${u}`).join('\n')}`);
  const foreign = unique.filter((u) => !u.startsWith(BASE_URL) && !/^(data|blob):/.test(u));
  assert.deepEqual(foreign, [], 'requests outside BASE_URL');
});

for (const width of WIDTHS) {
  test.describe(() => {
    test.use({ viewport: { width, height: 900 } });
    test(`embed: hostile host stylesheet at ${width}px`, async ({ page, hosts }) => {
      await hosts.load('hostile.html');
      await waitForCharts(page, 1);
      // Was a 300 ms pause: the Compare view is built and the page still.
      await viewReady(page, 'compare');
      await settle(page);
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
      await screenshot(page, `hostile-${width}.png`);
      await assertNoHorizontalOverflow(page, width);
    });
  });
}

test('embed: the widget stylesheet does not restyle the host', async ({ page, hosts }) => {
  await hosts.load('reverse.html');
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
  // Added at the end of the long demo page, it is lazy: it loads once the
  // reader scrolls near it.
  await added.scrollIntoViewIfNeeded();
  await added.locator('.bc-plan-side h2').first().waitFor({ timeout: 10000 });
  const headings = await added.locator('.bc-plan-side h2').allTextContents();
  assert.ok(headings.length >= 1 && headings.every((h) => h.trim() !== ''), `plan headings: ${JSON.stringify(headings)}`);
  assert.deepEqual(await selectedIn(added), ['Plans'], 'added widget: selected tab');
  console.log(`# plan headings: ${headings.join(' | ')}`);
  const hash = await page.evaluate(() => location.hash);

  await page.evaluate(() => window.__added.remove());
  // Was a waitForFunction (5 s) whose timeout was ignored, then the check.
  await expect.poll(() => page.evaluate(() => ({
    children: window.__added.childNodes.length,
    root: window.__added.classList.contains('bc-root'),
  })), { message: 'the removed widget was destroyed', timeout: 5000 }).toEqual({ children: 0, root: false });
  assert.equal(await page.evaluate(() => location.hash), hash, 'the page widget keeps its hash');
  // The page's own widget still works.
  await selectTab(page, '數據表');
  assert.match(await page.evaluate(() => location.hash), /^#view=table&/, 'hash after the page widget changes');
  // Was a 300 ms pause (the page's errors get the time to come): the table
  // view is built and the page still.
  await viewReady(page.locator('.bc-live'), 'table');
  await settle(page);
});

// The large synthetic data set (the `large` fixture serves it at /large/).

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

test('large data set: a new src while it loads shows only the new data', async ({ page, hosts, large }) => {
  // The requests for the large set, and which of them are done.
  const pending = new Set();
  let asked = 0;
  page.on('request', (r) => { if (r.url().includes('/large/')) { pending.add(r); asked += 1; } });
  page.on('requestfinished', (r) => pending.delete(r));
  page.on('requestfailed', (r) => pending.delete(r));
  await hosts.load('api.html');
  await page.waitForFunction(() => window.__ready === true);
  await page.evaluate(() => window.__bc.update({ src: '/large/index.json' }));
  // Once the large set's documents are on their way, switch back.
  await page.waitForFunction(() => performance.getEntriesByType('resource')
    .some((e) => e.name.includes('/large/index.json')));
  await page.evaluate(() => window.__bc.update({ src: '/data/index.json' }));
  // Was a 2 s pause ("longer than the large set's first step"): wait until
  // that first step is over — its documents were asked for and every
  // request for the large set is done — and the page is still, so a stale
  // load that wrongly reported would show by now.
  await expect.poll(() => page.evaluate(() => performance.getEntriesByType('resource')
    .some((e) => e.name.includes('/large/synthetic-'))), 'the large set\'s documents were asked for').toBe(true);
  await expect.poll(() => pending.size, 'requests for the large set still on their way').toBe(0);
  await expect(page.locator('#w .bc-data-table td', { hasText: /^95,499$/ }).first()).toBeAttached();
  await settle(page);
  const synthetic = await page.evaluate(() => performance.getEntriesByType('resource')
    .filter((e) => e.name.includes('/large/synthetic-')).length);
  console.log(`# synthetic documents fetched: ${synthetic} (of 330); requests for /large/: ${asked} (${large.requested.length} served)`);
  const root = page.locator('#w');
  const cells = await root.locator('.bc-data-table td').allTextContents();
  assert.ok(cells.includes('95,499'), 'the bundled data is shown (Kaohsiung 105 inspection by function: 95,499)');
  assert.ok(!(await root.textContent()).includes('Synthetic'), 'nothing of the synthetic set is shown');
});

test('large data set: the newest year of each city first, the rest in the background', async ({ page, hosts, large }) => {
  const { data, requested } = large;
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
});

test('large data set in collection files: the newest first, each file fetched once', async ({ page, hosts, large }) => {
  const { data, requested } = large;
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
});

// The loader requests a permalink's city-years with the first view's other
// files while the module compiles (held back here), not once it has mounted.
test('large data set: a permalink\'s years are requested while the module compiles', async ({ page, context, hosts, large }) => {
  const { requested } = large;
  let released = null;
  await context.route(`${BASE_URL}pkg/budget_compare_bg.wasm`, async (route) => {
    // A server delay (the module held back), not a pause of the test.
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
});

test.describe(() => {
  test.use(allowErrors(/^console\.error: Failed to load resource: the server responded with a status of 404 \(Not Found\) \(\S*\/data\/missing\.json:/));
  test('embed: a bad source fails alone', async ({ page, hosts }) => {
    await hosts.load('broken.html');
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
  });
});

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

/// The text of the dialogs the page opens (each dismissed): data must run no script.
function watchDialogs(page) {
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  return dialogs;
}

test.describe(() => {
  test.use(allowErrors(/nothing\.json|127\.0\.0\.2|huge\.json/));
  for (const [name, expected] of BAD_CASES) {
    test(`bad input: ${name}`, async ({ page, context }) => {
      await serveBad(context);
      const dialogs = watchDialogs(page);
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
    });
  }
});

// Documents are checked while the reference file is on its way; one that
// comes last and cannot be read is named, and the documents still show.
test.describe(() => {
  test.use(allowErrors(/late-reference\/reference\.json/));
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
      // A server delay (the reference comes last), not a pause of the test.
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
  });
});

test('bad input: hostile names stay text', async ({ page, context }) => {
  await serveBad(context);
  const dialogs = watchDialogs(page);
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
  const dialogs = watchDialogs(page);
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

// Lazy by default: an article with three widgets, each three screens below
// the one before (hosts/lazy.html). Only the one marked data-loading="eager"
// loads before the reader scrolls; each other loads when scrolled near.
test('embed: lazy widgets fetch nothing until the reader scrolls near them; eager ones load at once', async ({ page, hosts }) => {
  const requests = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  await hosts.load('lazy.html');
  const [eager, first, second] = ['#eager', '#first', '#second'].map((s) => page.locator(s));
  // data-loading="eager": the module, the glue and the data, without a scroll.
  await eager.locator('canvas.bc-canvas').waitFor();
  await waitForCharts(page, 1);
  assert.equal(await first.locator('.bc-widget').count(), 0, 'the first lazy widget is not mounted before the scroll');
  assert.equal(await second.locator('.bc-widget').count(), 0, 'nor the second');
  assert.ok(requests.includes('/pkg/budget_compare_bg.wasm'), 'the eager widget fetched the module');
  // The first lazy widget: scrolled near, it loads and draws its chart.
  await first.scrollIntoViewIfNeeded();
  await first.locator('canvas.bc-canvas').waitFor();
  await waitForCharts(page, 2);
  assert.equal((await tableRow(first, INSPECTION_ZH))?.at(-1), '95,499', 'the first lazy widget\'s table');
  assert.equal(await second.locator('.bc-widget').count(), 0, 'the second still waits');
  // The second, when reached.
  await second.scrollIntoViewIfNeeded();
  await second.locator('.bc-widget [role="tab"][aria-selected="true"]', { hasText: 'Over time' }).waitFor();
  await waitForCharts(page, 3);
});

// A lazy widget without a prerendered view, embedded by the README's
// snippet and reached with one jump (its top at the top of the viewport
// before anything of it has loaded): its placeholder holds a viewport's
// height, so nothing the reader sees moves
// when the widget grows to its full height; then the chart answers a click.
for (const width of WIDTHS) {
  test(`embed: a lazy widget reached by a jump takes its place without a layout shift, and is interactive, at ${width}px`, async ({ page, hosts }) => {
    await page.setViewportSize({ width, height: 800 });
    await page.addInitScript(() => {
      window.__shifts = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          if (!e.hadRecentInput) window.__shifts.push({ value: e.value, moved: e.sources.map((s) => `${s.node?.className ?? s.node?.nodeName} ${s.previousRect.y}->${s.currentRect.y}`) });
        }
      }).observe({ type: 'layout-shift', buffered: true });
    });
    await hosts.load('lazy-only.html');
    const first = page.locator('#first');
    // The snippet imports the loader once the page has loaded; the loader
    // links the stylesheet, which gives the placeholder its height.
    await page.waitForFunction(() => document.querySelector('#first').getBoundingClientRect().height > 0);
    const placeholder = await first.evaluate((e) => e.getBoundingClientRect().height);
    assert.equal(placeholder, 800, 'the placeholder is one viewport tall');
    await first.evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await first.locator('canvas.bc-canvas').waitFor();
    await settle(page);
    const height = await first.evaluate((e) => e.getBoundingClientRect().height);
    assert.ok(height > 800, `the widget (${height}px) is taller than its placeholder`);
    assert.deepEqual(await page.evaluate(() => window.__shifts), [], 'no layout shift');
    assert.equal((await tableRow(first, INSPECTION_ZH))?.at(-1), '95,499', 'the first view\'s table');
    const drawn = await chartCount(page);
    await first.getByRole('tab', { name: '歷年趨勢' }).click();
    await waitForCharts(page, drawn + 1);
    assert.equal(await first.locator('[role="tab"][aria-selected="true"]').textContent(), '歷年趨勢', 'the tab answered');
  });
}

// A page that links the loader but not its stylesheet: the loader links it
// as soon as it finds a widget (so placeholders hold their place before the
// reader scrolls), once; the module waits for the reader.
test('embed: without the stylesheet in the page, the loader links it once, and fetches no module before the scroll', async ({ page, hosts }) => {
  const requests = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  await hosts.load('lazy-nocss.html');
  await page.waitForLoadState('load');
  await settle(page);
  assert.deepEqual(requests.filter((p) => p.startsWith('/pkg') || p.startsWith('/data/')), [], 'no module or data before the scroll');
  assert.equal(await page.locator('#first').evaluate((e) => e.getBoundingClientRect().height), await page.evaluate(() => innerHeight), 'the placeholder holds a viewport before the scroll');
  await page.locator('#first').scrollIntoViewIfNeeded();
  await page.locator('#first canvas.bc-canvas').waitFor();
  await page.locator('#second').scrollIntoViewIfNeeded();
  await page.locator('#second canvas.bc-canvas').waitFor();
  assert.equal(requests.filter((p) => p === '/budget-compare.css').length, 1, 'the stylesheet is fetched once');
  assert.equal(await page.locator('head link[rel="stylesheet"][href$="/budget-compare.css"]').count(), 1, 'and linked once');
  const accent = await page.locator('#first').evaluate((e) => getComputedStyle(e).getPropertyValue('--bc-accent').trim());
  assert.equal(accent, '#0072b2', 'the widget is styled');
});

test('embed: a page with only lazy widgets below the fold requests no module before the scroll', async ({ page, hosts }) => {
  const requests = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  // Two lazy widgets, embedded by the README's snippet (hosts/lazy-only.html).
  await hosts.load('lazy-only.html');
  await page.waitForLoadState('load');
  // The loader has run once it links its stylesheet.
  await page.locator('head link[rel="stylesheet"][href$="/budget-compare.css"]').waitFor({ state: 'attached' });
  await settle(page);
  const [loaderAt, loadedAt] = await page.evaluate(() => [
    performance.getEntriesByType('resource').find((e) => e.name.endsWith('/budget-compare.js'))?.startTime,
    performance.getEntriesByType('navigation')[0].loadEventStart,
  ]);
  assert.ok(loaderAt >= loadedAt, `the loader is requested after the page's load event (${loaderAt} >= ${loadedAt} ms)`);
  assert.equal(requests.filter((p) => p === '/budget-compare.js').length, 1, 'the loader once, for both snippets');
  const module = requests.filter((p) => p.startsWith('/pkg') || p.startsWith('/data/'));
  assert.deepEqual(module, [], 'no module, glue or data before the reader scrolls');
  await page.locator('#first').scrollIntoViewIfNeeded();
  await page.locator('#first canvas.bc-canvas').waitFor();
  assert.ok(requests.includes('/pkg/budget_compare_bg.wasm'), 'the module once scrolled near');
});

// The widget's own "Embed" snippet (the README's: the element and the
// inline script) shows the same view on another page, the loader named by
// its URL.
test('embed: the snippet the widget offers shows its view on a new page', async ({ page }) => {
  await load(page);
  await selectTab(page, '歷年趨勢');
  await page.locator('.bc-embed summary').first().click();
  const snippet = await page.locator('.bc-embed textarea').first().inputValue();
  assert.ok(snippet.includes(`import("${BASE_URL}budget-compare.js")`), `the loader by its URL: ${snippet}`);
  assert.ok(snippet.startsWith('<div data-budget-compare ') && snippet.includes('data-view="over-time"'), snippet);
  await page.route(`${BASE_URL}snippet-host.html`, (route) => route.fulfill({
    status: 200,
    contentType: 'text/html; charset=utf-8',
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>snippet</title><link rel="icon" href="data:,"></head><body><h1>An article</h1>\n${snippet}\n</body></html>`,
  }));
  await page.goto(`${BASE_URL}snippet-host.html`);
  await waitForCharts(page, 1);
  assert.deepEqual(await selectedIn(page.locator('[data-budget-compare]')), ['歷年趨勢'], 'the same view');
});
