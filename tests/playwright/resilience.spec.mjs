// Surviving a real news site: widgets mounted and destroyed by the hundred
// (a single-page site), twice over (React's StrictMode), after a bug stops
// the module, and the loader's own messages.

import assert from 'node:assert/strict';
import { allowErrors, test } from './fixtures.mjs';
import { CHART_MARK, chartCount, selectedIn, waitForCharts } from './helpers.mjs';

/// The live figures of the page: the shared instance's wasm memory, the JS
/// heap, DOM nodes and event listeners, after a forced garbage collection.
async function live(page, cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  const { nodes, jsEventListeners } = await cdp.send('Memory.getDOMCounters');
  const wasm = await page.evaluate(async () => (await (await import('/pkg/budget_compare.js')).default()).memory.buffer.byteLength);
  return { wasm, heap: usedSize, nodes, listeners: jsEventListeners };
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
  test(`resilience: 500 mount/destroy cycles (${how}) draw every time and leave nothing behind`, async ({ page, hosts }) => {
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
    assert.ok(after.nodes <= before.nodes, `DOM nodes back to ${before.nodes}: ${after.nodes}`);
    assert.ok(after.listeners <= before.listeners, `event listeners back to ${before.listeners}: ${after.listeners}`);
    const glue = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname + new URL(e.name).search).filter((p) => p.startsWith('/pkg/')));
    assert.deepEqual(glue, ['/pkg/budget_compare.js', '/pkg/budget_compare_bg.wasm'].sort((a, b) => glue.indexOf(a) - glue.indexOf(b)), 'one glue and one module for every widget');
  });
}

test('resilience: mounting twice into one element (React StrictMode) makes one widget', async ({ page, hosts }) => {
  await hosts.load('bare.html');
  const result = await page.evaluate(async () => {
    const { mount } = await import('/budget-compare.js');
    const element = document.createElement('div');
    document.querySelector('#main').append(element);
    const options = { src: '/data/index.json', lang: 'en', permalink: false };
    // StrictMode: effect, cleanup before the first mount resolved, effect.
    let first;
    mount(element, options).then((h) => { first = h; });
    const second = await mount(element, options);
    const same = first === second;
    // A third call, with another view: the same widget, updated.
    const third = await mount(element, { ...options, view: 'table' });
    return { same, sameAgain: third === second };
  });
  assert.ok(result.same && result.sameAgain, 'every call resolves to the one handle');
  await page.locator('#main .bc-data-table').waitFor();
  assert.equal(await page.locator('#main .bc-widget').count(), 1, 'one widget in the element');
  assert.deepEqual(await selectedIn(page.locator('#main')), ['Table'], 'the options of the later call applied');
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
  test.use(allowErrors(/a panic asked for by a test|RuntimeError: unreachable|budget-compare/));
  test('resilience: a panic stops the shared instance, and every widget carries on in one of its own', async ({ page, hosts }) => {
    await hosts.load('bare.html');
    await page.evaluate(async () => {
      const { mount } = await import('/budget-compare.js');
      for (const [id, lang] of [['a', 'en'], ['b', 'zh-TW']]) {
        const element = document.createElement('div');
        element.id = id;
        document.querySelector('#main').append(element);
        await mount(element, { src: '/data/index.json', lang, permalink: false });
      }
    });
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
  test.use(allowErrors(/budget_compare_bg\.wasm|budget-compare:|404/));
  test('resilience: the loader says it could not load the module in the widget\'s language and style, and tries again online', async ({ page, hosts }) => {
    await hosts.load('bare.html');
    await page.route('**/pkg/budget_compare_bg.wasm', (route) => route.fulfill({ status: 404, body: 'gone' }));
    await page.evaluate(async () => {
      const { mount } = await import('/budget-compare.js');
      for (const [id, lang] of [['a', 'en'], ['b', 'zh-TW']]) {
        const element = document.createElement('div');
        element.id = id;
        document.querySelector('#main').append(element);
        await mount(element, { src: '/data/index.json', lang, permalink: false }).catch(() => {});
      }
    });
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
