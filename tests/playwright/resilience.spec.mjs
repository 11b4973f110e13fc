// Surviving a real news site: widgets mounted and destroyed by the hundred
// (a single-page site), twice over (React's StrictMode), after a bug stops
// the module, and the loader's own messages.

import assert from 'node:assert/strict';
import { allowErrors, test } from './fixtures.mjs';
import { CHART_MARK, chartCount, selectedIn, tableRow, waitForCharts } from './helpers.mjs';

const INSPECTION_EN = 'Labour inspection & occupational safety';

/// The live figures of the page: the shared instance's wasm memory, the JS
/// heap, DOM nodes and event listeners, after a forced garbage collection.
async function live(page, cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  const { nodes, jsEventListeners } = await cdp.send('Memory.getDOMCounters');
  const wasm = await page.evaluate(async () => (await (await import('/pkg/budget_compare.js')).default()).memory.buffer.byteLength);
  return { wasm, heap: usedSize, nodes, listeners: jsEventListeners };
}

/// Mounts a widget by the JS API into a new element `id` of the bare page:
/// null, or the message mount() rejected with.
async function mountIn(page, id, options) {
  return page.evaluate(async ([id, options]) => {
    const { mount } = await import('/budget-compare.js');
    const element = document.createElement('div');
    element.id = id;
    document.querySelector('#main').append(element);
    try {
      await mount(element, { src: '/data/index.json', permalink: false, ...options });
      return null;
    } catch (error) {
      return String(error?.message ?? error);
    }
  }, [id, options]);
}

/// Opens `link` afresh (not as a hash change on the same page) and waits
/// for `charts` charts.
async function reopen(page, link, charts) {
  await page.goto('about:blank');
  await page.goto(link);
  await waitForCharts(page, charts);
}

/// One mount, drawn, and destroy: by the JS API (`api`) or by adding and
/// removing a marked element.
async function cycle(page, how) {
  const drawn = await chartCount(page);
  await page.evaluate(async ([how, mark, drawn]) => {
    const main = document.querySelector('#main');
    const chart = () => new Promise((resolve) => {
      const check = () => (performance.getEntriesByName(mark).length > drawn ? resolve() : requestAnimationFrame(check));
      check();
    });
    if (how === 'api') {
      const { mount } = await import('/budget-compare.js');
      const element = document.createElement('div');
      main.append(element);
      const handle = await mount(element, { src: '/data/index.json', lang: 'en', permalink: false });
      await chart();
      handle.destroy();
      element.remove();
    } else {
      await import('/budget-compare.js');
      main.insertAdjacentHTML('beforeend', '<div data-budget-compare data-loading="eager" data-src="/data/index.json" data-lang="en" data-permalink="off"></div>');
      await chart();
      main.replaceChildren();
    }
  }, [how, CHART_MARK, drawn]);
}

for (const how of ['api', 'element']) {
  test(`resilience: 500 mount/destroy cycles (${how}) draw every time and leave nothing behind per cycle`, async ({ page, hosts }) => {
    test.setTimeout(300_000);
    await hosts.load('bare.html');
    const cdp = await page.context().newCDPSession(page);
    // The first cycle loads the module, the stylesheet and the data.
    await cycle(page, how);
    await cycle(page, how);
    const before = await live(page, cdp);
    const cycles = 500;
    const started = Date.now();
    for (let i = 0; i < cycles; i += 1) await cycle(page, how);
    const ms = (Date.now() - started) / cycles;
    const after = await live(page, cdp);
    console.log(`# ${how}: ${cycles} cycles, ${ms.toFixed(1)} ms each; wasm ${before.wasm} -> ${after.wasm} B, JS heap ${before.heap} -> ${after.heap} B, nodes ${before.nodes} -> ${after.nodes}, listeners ${before.listeners} -> ${after.listeners}`);
    assert.equal(await chartCount(page), cycles + 2, 'every mount drew its chart');
    assert.ok((after.wasm - before.wasm) / cycles < 64 * 1024, `wasm memory per cycle: ${(after.wasm - before.wasm) / cycles} B (bar 64 KB)`);
    assert.ok((after.heap - before.heap) / cycles < 64 * 1024, `JS heap per cycle: ${(after.heap - before.heap) / cycles} B`);
    // The last widget's nodes go in Yew's next scheduler run, and with the
    // next collection.
    // Within one widget's worth of the baseline (the last one's nodes may
    // still be held by a task on its way): nothing is left per cycle.
    assert.ok(after.nodes - before.nodes < cycles / 10, `DOM nodes ${before.nodes} -> ${after.nodes} after ${cycles} cycles`);
    assert.ok(after.listeners - before.listeners < cycles / 10, `event listeners ${before.listeners} -> ${after.listeners} after ${cycles} cycles`);
    const glue = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname + new URL(e.name).search).filter((p) => p.startsWith('/pkg/')));
    assert.deepEqual(glue, ['/pkg/budget_compare.js', '/pkg/budget_compare_bg.wasm'].sort((a, b) => glue.indexOf(a) - glue.indexOf(b)), 'one glue and one module for every widget');
  });
}

test('resilience: mounting twice into one element (React StrictMode) makes one widget, which the last destroy takes away', async ({ page, hosts }) => {
  await hosts.load('bare.html');
  await page.evaluate(async () => {
    const { mount } = await import('/budget-compare.js');
    const element = document.createElement('div');
    document.querySelector('#main').append(element);
    const options = { src: '/data/index.json', lang: 'en', permalink: false };
    // A component's effect as docs/embedding.md writes it, run as
    // StrictMode runs it: effect, cleanup (before the mount resolved),
    // effect again.
    const effect = (opts) => {
      let handle, gone = false;
      const done = mount(element, opts).then((h) => { if (gone) h.destroy(); else handle = h; });
      return { cleanup: () => { gone = true; handle?.destroy(); }, done };
    };
    const first = effect(options);
    first.cleanup();
    const second = effect({ ...options, view: 'table' });
    await Promise.all([first.done, second.done]);
    window.__unmount = second.cleanup;
  });
  await page.locator('#main .bc-data-table').waitFor();
  assert.equal(await page.locator('#main .bc-widget').count(), 1, 'one widget in the element');
  assert.deepEqual(await selectedIn(page.locator('#main')), ['Table'], 'the options of the later call applied');
  // The component unmounts: its handle, the last, takes the widget away.
  await page.evaluate(() => window.__unmount());
  await page.waitForFunction(() => document.querySelector('#main > div').childElementCount === 0);
  assert.equal(await page.locator('#main > div').getAttribute('class'), '', 'nothing of the widget left');
});

test('resilience: handle methods after destroy() do nothing and warn', async ({ page, hosts }) => {
  await hosts.load('bare.html');
  const warnings = [];
  page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
  const thrown = await page.evaluate(async () => {
    const { mount } = await import('/budget-compare.js');
    const element = document.createElement('div');
    document.querySelector('#main').append(element);
    const handle = await mount(element, { src: '/data/index.json', lang: 'en', permalink: false });
    handle.destroy();
    // Yew takes the widget away in its next scheduler run.
    while (element.childElementCount) await new Promise(requestAnimationFrame);
    try {
      handle.update({ view: 'table' });
      handle.destroy();
      return [null, element.childElementCount];
    } catch (error) {
      return [String(error), element.childElementCount];
    }
  });
  assert.deepEqual(thrown, [null, 0], 'no error, and the element stays empty');
  assert.deepEqual(warnings.filter((w) => w.startsWith('budget-compare:')), [
    'budget-compare: update() after destroy() does nothing',
    'budget-compare: destroy() was called already',
  ]);
});

test.describe(() => {
  test.use(allowErrors(/a panic asked for by a test/, /RuntimeError: unreachable/));
  test('resilience: a panic stops the shared instance, and every widget carries on in one of its own', async ({ page, hosts }) => {
    await hosts.load('bare.html');
    for (const [id, lang] of [['a', 'en'], ['b', 'zh-TW']]) assert.equal(await mountIn(page, id, { lang }), null);
    await waitForCharts(page, 2);
    const drawn = await chartCount(page);
    const trapped = await page.evaluate(async () => {
      try { (await import('/pkg/budget_compare.js')).fail_for_tests(); return null; } catch (error) { return error.constructor.name; }
    });
    assert.equal(trapped, 'RuntimeError', 'the panic stopped the instance');
    await waitForCharts(page, drawn + 2);
    for (const [id, tab] of [['#a', 'Table'], ['#b', '數據表']]) {
      const widget = page.locator(id);
      assert.equal(await widget.locator('.bc-widget').count(), 1, `${id}: one widget again`);
      await widget.getByRole('tab', { name: tab, exact: true }).click();
      await widget.locator('.bc-data-table').waitFor();
      assert.deepEqual(await selectedIn(widget), [tab], `${id} answers`);
    }
    const glue = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).search).filter((q) => q.startsWith('?instance=')));
    assert.deepEqual(glue.sort(), ['?instance=2', '?instance=3'], 'an instance of its own for each');
  });
});

test.describe(() => {
  test.use(allowErrors(/HTTP 404 for .*budget_compare_bg\.wasm/, /status of 404/));
  test('resilience: the loader says it could not load the module in the widget\'s language and style, and tries again online', async ({ page, hosts }) => {
    await hosts.load('bare.html');
    await page.route('**/pkg/budget_compare_bg.wasm', (route) => route.fulfill({ status: 404, body: 'gone' }));
    for (const [id, lang] of [['a', 'en'], ['b', 'zh-TW']]) {
      assert.match(await mountIn(page, id, { lang }), /HTTP 404 for .*budget_compare_bg\.wasm/, `${id}: mount() rejects, saying why`);
    }
    const note = (id) => page.locator(`${id} > .bc-failure-note[role="alert"]`);
    assert.match(await note('#a').textContent(), /^The chart could not be loaded: /);
    assert.match(await note('#b').textContent(), /^無法載入圖表：/);
    const colour = await note('#a').evaluate((e) => getComputedStyle(e).color);
    assert.equal(colour, 'rgb(179, 38, 30)', 'in the widget\'s error colour');
    await page.unroute('**/pkg/budget_compare_bg.wasm');
    await page.evaluate(() => dispatchEvent(new Event('online')));
    await waitForCharts(page, 2);
    assert.equal(await page.locator('.bc-failure-note').count(), 0, 'the messages are gone');
    assert.equal(await page.locator('#main .bc-widget').count(), 2, 'both widgets run');
  });
});

test.describe(() => {
  test.use(allowErrors(/kaohsiung-105\.json/));
  test('resilience: a shown document refused (HTTP 500) keeps the view, named next to the chart, and comes when the server mends', async ({ page, hosts }) => {
    let refuse = true;
    await page.route('**/data/kaohsiung-105.json', (route) => (refuse
      ? route.fulfill({ status: 500, body: 'down' })
      : route.fallback()));
    await hosts.load('bare.html');
    await mountIn(page, 'w', { lang: 'en' });
    const widget = page.locator('#w');
    const status = widget.locator('.bc-not-loaded');
    await status.waitFor();
    assert.equal((await status.locator('summary').textContent()).trim(), 'Could not be loaded: Kaohsiung FY2016 (ROC 105)');
    await status.locator('summary').click();
    assert.match(await status.locator('li').first().textContent(), /kaohsiung-105\.json: HTTP 500/);
    await waitForCharts(page, 1);
    await widget.locator('.bc-data-table').waitFor();
    assert.deepEqual((await tableRow(widget, INSPECTION_EN))?.slice(1), ['46,023'], 'Taichung 105 still (not 104)');
    assert.ok(await widget.getByText('Kaohsiung FY2016 (ROC 105): its file could not be loaded (see above)').isVisible(), 'the missing column said as missing, by the chart');
    const [statusBox, chartBox] = await Promise.all([status.boundingBox(), widget.locator('canvas.bc-canvas').first().boundingBox()]);
    assert.ok(statusBox.y < chartBox.y && chartBox.y - statusBox.y < 400, `the status line (${statusBox.y}) just above the chart (${chartBox.y})`);
    // The server mends: the widget asks again (at once, as when the browser
    // comes back online) and draws Kaohsiung 105.
    refuse = false;
    const drawn = await chartCount(page);
    await page.evaluate(() => dispatchEvent(new Event('online')));
    await status.waitFor({ state: 'detached' });
    await waitForCharts(page, drawn + 1);
    await widget.getByText('its file could not be loaded').waitFor({ state: 'detached' });
    assert.deepEqual((await tableRow(widget, INSPECTION_EN))?.slice(1), ['46,023', '95,499'], 'both columns, as without the failure');
  });
});

test.describe(() => {
  test.use(allowErrors(/kaohsiung-10[56]\.json/));
  test('resilience: a file that never answers times out and is named; a late one does not hold the first view back', async ({ page, hosts }) => {
    // Never answered: the first view's Kaohsiung 105 (timeout 2 s) and
    // kaohsiung-106.json, which the first view does not show.
    await page.route(/kaohsiung-10[56]\.json$/, () => {});
    await hosts.load('bare.html');
    const started = Date.now();
    await mountIn(page, 'w', { lang: 'en', timeout: 2 });
    const status = page.locator('#w .bc-not-loaded');
    await status.waitFor({ timeout: 10_000 });
    await waitForCharts(page, 1);
    const ms = Date.now() - started;
    assert.ok(ms < 8000, `drawn ${ms} ms after mounting, with a 2 s timeout`);
    await status.locator('summary').click();
    const lines = await status.locator('li').allTextContents();
    assert.ok(lines.some((l) => /kaohsiung-105\.json: no answer in 2 s \(timed out\)/.test(l)), lines.join('\n'));
  });
});

test('resilience: twelve widgets on one page fetch each file once and share one module instance', async ({ page, hosts }) => {
  const requests = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  await hosts.load('bare.html');
  const wasm = () => page.evaluate(async () => (await (await import('/pkg/budget_compare.js')).default()).memory.buffer.byteLength);
  const timeToDrawn = (ids, options) => page.evaluate(async ([ids, options, mark]) => {
    const { mount } = await import('/budget-compare.js');
    const before = performance.getEntriesByName(mark).length;
    const started = performance.now();
    await Promise.all(ids.map((id, i) => {
      const element = document.createElement('div');
      element.id = id;
      document.querySelector('#main').append(element);
      return mount(element, { src: '/data/index.json', permalink: false, ...options[i % options.length] });
    }));
    await new Promise((resolve) => {
      const check = () => (performance.getEntriesByName(mark).length >= before + ids.length ? resolve() : requestAnimationFrame(check));
      check();
    });
    return performance.now() - started;
  }, [ids, options, CHART_MARK]);
  const options = [{ lang: 'zh-TW' }, { lang: 'en', view: 'over-time' }, { lang: 'en' }];
  const one = await timeToDrawn(['w0'], options);
  const memoryOne = await wasm();
  const ids = Array.from({ length: 12 }, (_, i) => `w${i + 1}`);
  const twelve = await timeToDrawn(ids, options);
  const memoryTwelve = await wasm();
  console.log(`# one widget drawn in ${one.toFixed(0)} ms, twelve more in ${twelve.toFixed(0)} ms (${(twelve / one).toFixed(2)}×); wasm memory ${memoryOne} -> ${memoryTwelve} B (${((memoryTwelve - memoryOne) / 12 / 1024).toFixed(0)} KB per widget)`);
  assert.equal(await page.locator('#main .bc-widget').count(), 13, 'thirteen widgets');
  assert.ok((memoryTwelve - memoryOne) / 12 <= 1024 * 1024, `wasm memory per extra widget ${memoryTwelve - memoryOne} / 12 B (bar 1 MB)`);
  const data = requests.filter((p) => p.startsWith('/data/'));
  assert.deepEqual(data.filter((p, i) => data.indexOf(p) !== i), [], 'no data file fetched twice');
  assert.equal(requests.filter((p) => p.startsWith('/pkg/budget_compare')).length, 2, 'one glue, one module');
});

test.describe(() => {
  test.use(allowErrors(/ERR_INTERNET_DISCONNECTED/, /index\.json\?copy/));
  test('resilience: offline, a new widget starts from the module and data in hand; one that lacks its data says so and comes back online', async ({ page, hosts, context }) => {
    await hosts.load('bare.html');
    await mountIn(page, 'a', { lang: 'en' });
    await waitForCharts(page, 1);
    await context.setOffline(true);
    await mountIn(page, 'b', { lang: 'zh-TW' });
    await waitForCharts(page, 2);
    assert.deepEqual((await tableRow(page.locator('#b'), '勞動檢查與職業安全'))?.slice(1), ['46,023', '95,499'], 'the second widget, offline');
    // Another data set's address: nothing of it is in hand.
    await mountIn(page, 'c', { lang: 'en', src: '/data/index.json?copy' });
    await page.locator('#c .bc-error').waitFor();
    assert.match(await page.locator('#c .bc-error').textContent(), /could not be loaded/i);
    await context.setOffline(false);
    await page.locator('#c canvas.bc-canvas').waitFor({ timeout: 15_000 });
    assert.deepEqual((await tableRow(page.locator('#c'), INSPECTION_EN))?.slice(1), ['46,023', '95,499'], 'the third widget, back online');
  });
});

test('resilience: an article\'s anchor survives the widget, whose own link still restores it', async ({ page, hosts }) => {
  await hosts.load('anchors.html#part2');
  await waitForCharts(page, 1);
  const widget = page.locator('#w');
  await widget.getByRole('tab', { name: 'Over time', exact: true }).click();
  await waitForCharts(page, 2);
  assert.equal(await page.evaluate(() => location.hash), '#part2', 'the article\'s anchor stays');
  const link = await widget.locator('.bc-permalink').first().inputValue();
  assert.ok(link.includes('anchors.html#view=over-time&'), link);
  await reopen(page, link, 1);
  assert.deepEqual(await selectedIn(widget), ['Over time'], 'the link restores the view');
  // Its own hash it keeps up to date.
  await widget.getByRole('tab', { name: 'Compare', exact: true }).click();
  await page.waitForFunction(() => location.hash.startsWith('#view=compare&'));
});

test('resilience: with two widgets, each one\'s link restores it, under a key of its own', async ({ page, hosts }) => {
  await hosts.load('two.html');
  await waitForCharts(page, 2);
  const b = page.locator('#b');
  await b.getByRole('tab', { name: 'Compare', exact: true }).click();
  await waitForCharts(page, 3);
  const link = await b.locator('.bc-permalink').first().inputValue();
  assert.match(link, /two\.html#bc-b=view%3Dcompare%26lang%3Den%26/);
  assert.equal(await page.evaluate(() => location.hash), '', 'the page\'s hash untouched');
  await reopen(page, link, 2);
  assert.deepEqual(await selectedIn(b), ['Compare'], 'B restored from its link');
  assert.deepEqual(await selectedIn(page.locator('#a')), ['比較'], 'A as the page sets it');
});

test.describe(() => {
  test.use(allowErrors(/large\/synthetic-/));
  test('resilience: going offline during the large set\'s background load names the files in one line, and the widget stays its size', async ({ page, hosts, large }) => {
    // The connection drops once the first view's files are in: every
    // other document fails.
    const first = new Set(large.data.latest.map((k) => `${k.replace(/\.(\d+)$/, '-$1')}.json`));
    await page.route('**/large/synthetic-*', (route) => (first.has(new URL(route.request().url()).pathname.split('/').pop())
      ? route.fallback()
      : route.abort('internetdisconnected')));
    await page.setViewportSize({ width: 1200, height: 900 });
    await hosts.load('large.html');
    await waitForCharts(page, 1);
    const height = await page.locator('.bc-widget').evaluate((e) => e.getBoundingClientRect().height);
    await page.waitForFunction(() => performance.getEntriesByName('budget-compare:data-complete').length > 0, null, { timeout: 60_000 });
    const status = page.locator('.bc-not-loaded');
    await status.waitFor();
    const summary = (await status.locator('summary').textContent()).trim();
    const failed = await status.locator('li').count();
    console.log(`# ${failed} files failed; summary: ${summary}; widget ${height} -> ${await page.locator('.bc-widget').evaluate((e) => e.getBoundingClientRect().height)} px`);
    assert.ok(failed > 100, `most of the background files failed: ${failed} (of ${large.data.total ?? 330})`);
    assert.match(summary, new RegExp(`^Could not be loaded: .+ \\(\\+${failed - 1}\\)$`));
    assert.equal(await status.locator('ul').isVisible(), false, 'the list is folded');
    assert.equal(await page.locator('.bc-error > ul > li').count(), 5, 'the alert under the table lists five');
    assert.equal(await page.locator('.bc-error > details > summary').textContent(), `+${failed - 5}`, 'and folds the rest');
    const after = await page.locator('.bc-widget').evaluate((e) => e.getBoundingClientRect().height);
    assert.ok(after < height + 400, `the widget stays about its size: ${height} -> ${after} px`);
  });
});
