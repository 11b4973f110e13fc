// The demo page's views: Compare (its chart, table, exports and "why the
// difference"), Over time, Plans, Table, About, the language button, the
// lens, the permalink and the keyboard. Every view × language × width is
// also saved as a screenshot (SCREENSHOT_DIR).

import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { expect, test } from './fixtures.mjs';
import {
  BASE_URL, CHART_MARK, INSPECTION_ZH, LANGS, VIEWS, WIDTHS,
  assertNoHorizontalOverflow, axeViolations, chartCount, colouredShapes, download, hoverText, load, moduleRequests,
  openPage, screenshot, selectTab, selectedTab, settle, switchToEnglish, tabNames, tabTo, tableRow,
  viewReady, waitForCharts,
} from './helpers.mjs';

// a. Screenshots of every view, language and width; no sideways overflow.
for (const width of WIDTHS) {
  test.describe(() => {
    test.use({ viewport: { width, height: 900 } });
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
          // Was a 300 ms pause: the view is built and the page still.
          await viewReady(page, view.id);
          await settle(page);
          await screenshot(page, `${view.id}-${lang}-${width}.png`);
          await assertNoHorizontalOverflow(page, width);
        });
      }
    }
  });
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
test('permalink restores over-time, category and metric', async ({ page, errors, browser }) => {
  await load(page);
  await selectTab(page, '歷年趨勢');
  const category = page.locator('.bc-panel select:has(option[value="inspection-safety"])');
  const metric = page.locator('.bc-panel .bc-controls select').first();
  await category.selectOption('inspection-safety');
  await page.waitForFunction(() => location.hash.includes('cat=inspection-safety'));
  await metric.selectOption('share');
  await page.waitForFunction(() => location.hash.includes('metric=share'));
  // Was a 300 ms pause: the permalink box follows the hash, the summary
  // names the category, and the page is still.
  await expect.poll(
    () => page.evaluate(() => document.querySelector('.bc-permalink')?.value === location.href),
    'the permalink box holds the page URL',
  ).toBe(true);
  await expect(page.locator('.bc-summary').first()).toContainText('勞動檢查與職業安全');
  await settle(page);
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, /^#view=over-time&lang=zh-TW&/, 'hash');
  assert.match(hash, /&metric=share(&|$)/, 'hash metric');
  assert.match(hash, /&cat=inspection-safety(&|$)/, 'hash category');
  const summary = (await page.locator('.bc-summary').textContent()).trim();
  assert.ok(summary.includes('勞動檢查與職業安全'), `summary names the category: ${summary}`);
  const link = await page.locator('.bc-permalink').inputValue();
  assert.equal(link, new URL(hash, BASE_URL).href, 'the permalink box holds the page URL with the hash');

  const second = await openPage(browser, 1200);
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
// The Plans, Table and About tabs are drawn by the lazily loaded module,
// in step with the widget's state both ways: the reader's search there
// reaches the widget's permalink, and the widget's language reaches the tab.
test('plans, table and about come from the lazily loaded module, in step with the widget both ways', async ({ page }) => {
  const extras = moduleRequests(page, 'extras');
  await load(page);
  await settle(page);
  assert.deepEqual(extras, [], 'nothing of the lazily loaded module before a tab asks for it');
  await selectTab(page, '施政計畫');
  const sides = page.locator('.bc-widget .bc-plan-side h2');
  await expect(sides).toHaveText(['臺中市 109年 (2020)', '高雄市 107年 (2018)']);
  assert.ok(extras.some((u) => u.endsWith('.wasm')), 'the module is loaded for the tab');
  await page.locator('.bc-widget .bc-search input').fill('移工');
  await expect(page.locator('.bc-widget .bc-plan-side > p.bc-muted')).toHaveText(['5 / 38 筆符合', '2 / 42 筆符合']);
  await expect.poll(() => page.evaluate(() => decodeURIComponent(location.hash)), 'the search reaches the permalink').toContain('q=移工');
  await switchToEnglish(page);
  await expect(sides).toHaveText(['Taichung FY2020 (ROC 109)', 'Kaohsiung FY2018 (ROC 107)']);
  await selectTab(page, 'Table');
  await expect(page.locator('.bc-widget .bc-sortable thead')).toContainText('Taichung FY2016 (ROC 105)');
  await selectTab(page, 'About the data');
  await expect(page.locator('.bc-widget .bc-sources > dt').first()).toContainText('Taichung FY2014 (ROC 103)');
  assert.equal(extras.filter((u) => u.endsWith('.wasm')).length, 1, 'the module is fetched once');
});

// Issue 27: Over time, the SVG and CSV downloads and the embed code are in
// the lazily loaded module too. Its apps are Yew apps inside the widget's,
// and Yew numbers its apps per module: a click in one of them once ran the
// widget's listener of the same number (Download CSV in Over time opened
// About), so each click below must act only where it was made.
test('over time and the exports come from the lazily loaded module, fetched as the pointer comes to the tabs; a click in it acts there only', async ({ page }) => {
  const extras = moduleRequests(page, 'extras');
  await load(page);
  await settle(page);
  assert.deepEqual(extras, [], 'nothing of the lazily loaded module before the reader comes to the tabs');
  await page.getByRole('tab', { name: '歷年趨勢', exact: true }).hover();
  await expect.poll(() => extras.some((u) => u.endsWith('.wasm')), 'the pointer on the tabs fetches it').toBe(true);
  assert.deepEqual(await selectedTab(page), ['比較'], 'hovering opens nothing');
  await page.locator('.bc-live .bc-embed summary').click();
  await expect(page.locator('.bc-live .bc-embed textarea')).toHaveValue(/^<div data-budget-compare [^>]*data-view="compare"/);
  assert.equal(await page.locator('.bc-live .bc-embed textarea').getAttribute('aria-label'), '嵌入碼');
  const svg = await download(page, '下載 SVG');
  assert.equal(svg.name, 'budget-compare-compare-amount.svg');
  assert.ok(svg.bytes.toString('utf8').includes('勞工局預算：依共同分類比較'), 'the compare chart');
  await selectTab(page, '歷年趨勢');
  for (const [button, file] of [['下載 CSV', 'budget-compare-over-time-amount.csv'], ['下載 SVG', 'budget-compare-over-time-amount.svg']]) {
    assert.equal((await download(page, button)).name, file);
    assert.deepEqual(await selectedTab(page), ['歷年趨勢'], `${button} in Over time leaves the tab as it was`);
  }
  await page.getByRole('button', { name: '下載 PNG', exact: true }).click();
  assert.deepEqual(await selectedTab(page), ['歷年趨勢'], 'so does Download PNG');
  assert.equal(extras.filter((u) => u.endsWith('.wasm')).length, 1, 'the module is fetched once');
});

test('why the difference: the disclosure opens from the keyboard and reads the lines behind the difference', async ({ page }) => {
  const extras = moduleRequests(page, 'extras');
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

// Keyboard navigation of the chart: Tab reaches the canvas, which picks the
// first bar; → moves by category, ↓ by city-year; the focused bar is
// outlined and its figure read out in the live region; Enter opens its
// category.
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
});
