// 加入年度 / Add a year (issue 29): a reader drops the official whole-city
// .xls into the widget; the lazily loaded import module (pkg-import/) reads
// it in the page, and Taichung 105 and 104 are listed beside the published
// data, marked 自行匯入, with the published figures. The download is checked
// by `budget-compare validate`; nothing is requested for the import itself.
// Bad files are refused in the widget with the importer's message, the
// widget's data untouched; a host can turn the feature off.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import assert from 'node:assert/strict';
import { test, expect } from './fixtures.mjs';
import { ROOT, axeViolations, download, load, moduleRequests, screenshot, settle, tabTo } from './helpers.mjs';

const XLS = 'taichung-105-city-agency-budget-table.xls';
const SHARED = join(ROOT, '../shared/data-sources');
const SUMMARY = '加入年度（匯入預算表）';

/// Opens 加入年度 in the demo page's widget and waits for its panel (the
/// import module and the data set it suggests from are in by then).
async function openImport(page) {
  await page.locator('.bc-live .bc-import > summary').click();
  const panel = page.locator('.bc-live .bc-import-panel');
  await panel.waitFor();
  return panel;
}

/// Drops a file of `bytes` named `name` on `target`, as a reader's drag
/// from the desktop does.
async function dropFile(page, target, name, bytes) {
  const dataTransfer = await page.evaluateHandle(([n, b64]) => {
    const bin = atob(b64);
    const data = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i += 1) data[i] = bin.charCodeAt(i);
    const dt = new DataTransfer();
    dt.items.add(new File([data], n));
    return dt;
  }, [name, bytes.toString('base64')]);
  await target.dispatchEvent('dragover', { dataTransfer });
  await target.dispatchEvent('drop', { dataTransfer });
}

/// The picker's cities and, for each, its years' labels.
async function picker(page) {
  return page.locator('.bc-live .bc-picker-city').evaluateAll((cities) => cities.map((c) => [
    c.querySelector('.bc-picker-name').textContent.trim(),
    [...c.querySelectorAll('.bc-check')].map((l) => l.textContent.trim()),
  ]));
}

/// The data table: its header and rows, as text.
async function dataTable(page) {
  return page.locator('.bc-live .bc-data-table table').first().evaluate((t) => [...t.rows]
    .map((r) => [...r.cells].map((c) => c.textContent.trim())));
}

/// An empty workbook (.xlsx: a zip of five XML parts, stored), written
/// here: synthetic, for the test only.
function emptyXlsx() {
  const parts = {
    '[Content_Types].xml': '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    '_rels/.rels': '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    'xl/workbook.xml': '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
    'xl/_rels/workbook.xml.rels': '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    'xl/worksheets/sheet1.xml': '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>',
  };
  const local = [];
  const central = [];
  let offset = 0;
  for (const [name, text] of Object.entries(parts)) {
    const data = Buffer.from(text);
    const fileName = Buffer.from(name);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(0x21, 12); // 1980-01-01
    header.writeUInt32LE(crc32(data), 14);
    header.writeUInt32LE(data.length, 18);
    header.writeUInt32LE(data.length, 22);
    header.writeUInt16LE(fileName.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(0x21, 14);
    entry.writeUInt32LE(crc32(data), 16);
    entry.writeUInt32LE(data.length, 20);
    entry.writeUInt32LE(data.length, 24);
    entry.writeUInt16LE(fileName.length, 28);
    entry.writeUInt32LE(offset, 42);
    local.push(header, fileName, data);
    central.push(entry, fileName);
    offset += header.length + fileName.length + data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(central.length / 2, 8);
  end.writeUInt16LE(central.length / 2, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...local, directory, end]);
}

test('the official .xls dropped into the widget: Taichung 105 beside the published data, marked, the same figures; its download validates; no request', async ({ page }) => {
  await load(page);
  await settle(page);
  const before = await picker(page);
  assert.deepEqual(before.map(([city]) => city), ['臺中市', '高雄市']);
  const imports = moduleRequests(page, 'import');
  const summary = page.locator('.bc-live .bc-import > summary');
  assert.equal((await summary.textContent()).trim(), SUMMARY);
  assert.deepEqual(imports, [], 'nothing of the import module before the reader opens 加入年度');
  const panel = await openImport(page);
  assert.ok(imports.some((u) => u.endsWith('.wasm')), 'the import module is fetched on opening');

  await expect(panel.locator('select.bc-import-stage'), 'the stage as the table or mapping says, unless the reader says').toHaveValue('');
  // The drop: from here until the import is listed, no request at all.
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await dropFile(page, panel, XLS, readFileSync(join(SHARED, XLS)));
  const added = panel.locator('.bc-import-added');
  await expect(added).toHaveText('已加入（自行匯入，僅限本次瀏覽；在上方勾選年度即可比較）：臺中市（自行匯入） 105年 (2016)、臺中市（自行匯入） 104年 (2015)');
  await expect.poll(() => picker(page)).toEqual([
    ...before,
    ['臺中市（自行匯入）', ['104年 (2015)', '105年 (2016)']],
  ]);
  assert.deepEqual(requests, [], 'the import made no request');
  assert.equal((await panel.locator('.bc-muted').nth(1).textContent()).trim(), '讀取方式：xls workbook, sheet "Sheet1"');
  assert.deepEqual(
    await panel.locator('.bc-caveats li').allTextContents(),
    ['fiscal year 105 from the file name: the table does not state it'],
  );
  await screenshot(page, 'import-added-1200.png');

  // Ticked, its column stands beside the published Taichung 105 with the same figures.
  await page.locator('.bc-live .bc-picker-city').nth(2).getByRole('checkbox').nth(1).check();
  // (Columns in the order shown: the default's Taichung and Kaohsiung, then
  // the city ticked last, the import.)
  await expect.poll(async () => (await dataTable(page))[0]).toEqual([
    '分類（依職能）', '臺中市 105年 (2016) 預算案', '高雄市 105年 (2016) 預算', '臺中市（自行匯入） 105年 (2016) 預算案',
  ]);
  const rows = (await dataTable(page)).slice(1);
  assert.ok(rows.length >= 8, `rows: ${rows.length}`);
  for (const row of rows) assert.equal(row[3], row[1], `${row[0]}: the imported figure is the published one`);
  assert.ok(rows.some((r) => r[0] === '勞動檢查與職業安全' && r[3] === '46,023'), 'the inspection row');

  // The CSV names it in its header and its sources.
  const csv = (await download(page, '下載 CSV')).bytes.subarray(3).toString('utf8').split('\r\n');
  assert.equal(csv.find((l) => l.startsWith('分類')), '分類（依職能）,臺中市 105年 (2016) 預算案,高雄市 105年 (2016) 預算,臺中市（自行匯入） 105年 (2016) 預算案');
  assert.ok(csv.some((l) => l.startsWith('資料來源：') && l.includes('自行匯入 / imported by you: 臺中市 歲出機關別預算表')), csv.join('\n'));
  // The chart's legend and source line, as the SVG draws them.
  const svg = (await download(page, '下載 SVG')).bytes.toString('utf8');
  assert.ok(svg.includes('臺中市（自行匯入） 105年 (2016)'), 'the legend names the import');
  assert.ok(svg.includes('自行匯入 / imported by you'), 'the source line marks it');

  // The downloaded document: the published lines, its provenance, valid.
  const { name, bytes } = await download(page, 'taichung-105.json', panel);
  assert.equal(name, 'taichung-105.json');
  const doc = JSON.parse(bytes.toString('utf8'));
  assert.equal(doc.city.id, 'taichung', 'the document is Taichung\'s, as published documents are');
  assert.equal(doc.sources[0].file, XLS);
  assert.ok(doc.sources[0].kind.includes('read from xls workbook, sheet "Sheet1", imported by a reader in the budget-compare widget (自行匯入)'), doc.sources[0].kind);
  const shipped = JSON.parse(readFileSync(join(ROOT, 'www/data/taichung-105.json'), 'utf8'));
  const leaves = (d) => {
    const out = [];
    const walk = (lines) => lines.forEach((l) => { out.push([l.id, l.code, l.amount, l.category ?? null]); walk(l.children ?? []); });
    walk(d.budget.lines);
    return out;
  };
  assert.deepEqual(leaves(doc), leaves(shipped), 'line by line: id, code, amount, category');
  const dir = mkdtempSync(join(tmpdir(), 'bc-import-'));
  writeFileSync(join(dir, name), bytes);
  const report = execFileSync(process.env.BUDGET_COMPARE_CLI, ['validate', '--taxonomy', join(ROOT, 'www/data/taxonomy.json'), join(dir, name)], { encoding: 'utf8' });
  assert.match(report, /0 errors/, report);
});

test('add a year: bad files are refused in the widget with what was found, and the data stays', async ({ page }) => {
  await load(page);
  await settle(page);
  const before = await picker(page);
  const table = await dataTable(page);
  const panel = await openImport(page);
  const input = panel.locator('input[type="file"]');
  const other = readFileSync(join(SHARED, 'kaohsiung-labor-budget-105.csv'), 'utf8').replace('勞工局主管', '社會局主管');
  const cases = [
    ['chart.xls', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), 'chart.xls: expected a budget table (CSV, .xls, .xlsx or .ods), found a PNG image'],
    ['empty.xlsx', emptyXlsx(), 'empty.xlsx: expected a sheet with a 款,項,目,節 header row (a 歲出機關別預算表), found none in 1 sheet(s): Sheet1'],
    ['big.xls', Buffer.alloc(30 * 1024 * 1024), 'big.xls: expected a table of at most 20 MiB, found 30.0 MiB'],
    ['social.csv', Buffer.from(other), 'social.csv: expected the 高雄市政府勞工局主管 section (a 款 row naming the agency; --agency names another), found 社會局主管'],
    // A table that names no city: which mapping would be a guess.
    ['t.csv', Buffer.from(readFileSync(join(SHARED, 'kaohsiung-labor-budget-106.csv'), 'utf8').replaceAll('高雄市', '')), 't.csv: expected a table that names its city (臺中市 or 高雄市) in its title or 款 row, found neither'],
    // Kaohsiung's 106 extract states no year, nor does this name: the year field says it.
    ['extract.csv', readFileSync(join(SHARED, 'kaohsiung-labor-budget-106.csv')), 'extract.csv: expected the fiscal year: the file does not state it (give it: --year, or the year field)'],
  ];
  for (const [name, buffer, message] of cases) {
    await input.setInputFiles({ name, mimeType: 'application/octet-stream', buffer });
    await expect(panel.locator('.bc-error[role="alert"] > p').first()).toHaveText(`無法匯入：${message}`);
    assert.deepEqual(await picker(page), before, `${name}: the picker is as it was`);
    assert.deepEqual(await dataTable(page), table, `${name}: the table is as it was`);
  }
  // With the year given, the same file imports; the reader says its 本年度 is enacted.
  await panel.locator('input.bc-import-year').fill('106');
  await panel.locator('select.bc-import-stage').selectOption('enacted');
  await input.setInputFiles({ name: 'extract.csv', mimeType: 'text/csv', buffer: readFileSync(join(SHARED, 'kaohsiung-labor-budget-106.csv')) });
  await expect(panel.locator('.bc-import-added')).toHaveText('已加入（自行匯入，僅限本次瀏覽；在上方勾選年度即可比較）：高雄市（自行匯入） 106年 (2017)、高雄市（自行匯入） 105年 (2016)');
  const added = [...before, ['高雄市（自行匯入）', ['105年 (2016)', '106年 (2017)']]];
  await expect.poll(() => picker(page)).toEqual(added);
  await page.locator('.bc-live .bc-picker-city').nth(2).getByRole('checkbox').nth(1).check();
  await expect.poll(async () => (await dataTable(page))[0]).toContain('高雄市（自行匯入） 106年 (2017) 法定預算');
  await page.locator('.bc-live .bc-picker-city').nth(2).getByRole('checkbox').nth(1).uncheck();
  await panel.locator('input.bc-import-year').fill('');
  await panel.locator('select.bc-import-stage').selectOption('');
  // A renamed line: listed, with its suggested category, nothing mapped.
  const renamed = readFileSync(join(SHARED, 'kaohsiung-labor-budget-105.csv'), 'utf8').replace('勞工行政業務綜合規劃', '勞工行政業務綜合規劃（新名稱）');
  await input.setInputFiles({ name: 'k105.csv', mimeType: 'text/csv', buffer: Buffer.from(renamed) });
  const alert = panel.locator('.bc-error[role="alert"]');
  await expect(alert.locator('p').nth(1)).toContainText('下列項目沒有分類規則，匯入已停止');
  const items = await alert.locator('li').allTextContents();
  assert.equal(items.length, 1, items.join('\n'));
  assert.match(items[0], /勞工局 › 勞工行政 › 勞工行政業務綜合規劃（新名稱） \(code \d+, 本年度 [\d,]+\): suggested category \S+ \(a suggestion: the same code in kaohsiung-105\.json\)/);
  assert.deepEqual(await picker(page), added, 'nothing more was added');
  const axe = await axeViolations(page);
  assert.deepEqual(axe.violations, [], 'axe, the panel with an error');
  await screenshot(page, 'import-error-1200.png');
});

test('add a year from the keyboard, at 375 px, with axe', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  await load(page);
  await settle(page);
  await tabTo(page, '.bc-live .bc-import > summary');
  await page.keyboard.press('Enter');
  const panel = page.locator('.bc-live .bc-import-panel');
  await panel.waitFor();
  await page.keyboard.press('Tab');
  assert.ok(await page.evaluate(() => document.activeElement?.matches('.bc-import-panel input[type="file"]')), 'Tab reaches the file chooser');
  await page.keyboard.press('Tab');
  assert.ok(await page.evaluate(() => document.activeElement?.matches('.bc-import-panel input.bc-import-year')), 'then the year');
  // A contract document chosen (the published Kaohsiung 107) is checked and listed.
  await panel.locator('input[type="file"]').setInputFiles(join(ROOT, 'www/data/kaohsiung-107.json'));
  await expect(panel.locator('.bc-import-added')).toHaveText('已加入（自行匯入，僅限本次瀏覽；在上方勾選年度即可比較）：高雄市（自行匯入） 107年 (2018)');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
  assert.ok(overflow <= 0, `no sideways scrolling at 375 px (${overflow} px)`);
  const axe = await axeViolations(page);
  assert.deepEqual(axe.violations, [], 'axe, the panel after an import');
  await screenshot(page, 'import-added-375.png');
});

test('data-import="off" and import: false hide 加入年度; the other widget keeps it', async ({ page, hosts }) => {
  await hosts.load('no-import.html');
  for (const id of ['off', 'api', 'on']) await page.locator(`#${id} .bc-picker`).waitFor();
  await expect(page.locator('#off .bc-import')).toBeHidden();
  await expect(page.locator('#api .bc-import')).toBeHidden();
  await expect(page.locator('#on .bc-import > summary')).toBeVisible();
  assert.equal(await page.locator('#api').getAttribute('data-import'), 'off', 'the option is set on the element');
  // An update that does not name it leaves it off; one that turns it on shows it.
  await page.evaluate(async () => (await window.apiWidget).update({ metric: 'share' }));
  await expect(page.locator('#api .bc-controls select').first()).toHaveValue('share');
  await expect(page.locator('#api .bc-import')).toBeHidden();
  await page.evaluate(async () => (await window.apiWidget).update({ import: true }));
  await expect(page.locator('#api .bc-import > summary')).toBeVisible();
});
