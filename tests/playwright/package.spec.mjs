// The npm package (`cargo xtask package`, packed by `npm pack`): installed
// from the tarball (PACKAGE_TARBALL) into a scratch folder, offline, and
// embedded from node_modules by docs/embedding.md's snippet.

import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { extname, join, resolve, sep } from 'node:path';
import { tmpdir } from 'node:os';
import assert from 'node:assert/strict';
import { test } from './fixtures.mjs';
import { BASE_URL, CONTENT_TYPES, INSPECTION_ZH, tableRow, waitForCharts } from './helpers.mjs';

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
    // The other years load after the first view; the scratch folder must
    // outlive their requests.
    await page.waitForFunction(() => performance.getEntriesByName('budget-compare:data-complete').length > 0);
    assert.deepEqual(await tableRow(page, INSPECTION_ZH), [INSPECTION_ZH, '46,023', '95,499'], 'the inspection row');
    const outside = [...new Set(requests)].filter((p) => !p.startsWith('/npm-host/') && !p.startsWith('data:'));
    assert.deepEqual(outside, [], 'everything comes from the installed package');
    assert.ok(requests.includes('/npm-host/node_modules/budget-compare/pkg/budget_compare_bg.wasm'), 'the module from node_modules');
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});

// `cargo xtask dist` keeps a gzip and a brotli copy beside every asset, for
// servers that send precompressed files; each must be the asset itself.
test('dist: every asset has .gz and .br copies that decompress to it', async ({ request }) => {
  const { gunzipSync, brotliDecompressSync } = await import('node:zlib');
  const assets = [
    'budget-compare.js',
    'budget-compare.css',
    'index.html',
    'pkg/budget_compare_bg.wasm',
    'pkg/budget_compare.js',
    'pkg-extras/budget_compare_extras_bg.wasm',
    'pkg-import/budget_compare_import_bg.wasm',
    'data/kaohsiung-105.json',
  ];
  const body = async (path) => {
    const response = await request.get(new URL(path, BASE_URL).href);
    assert.equal(response.status(), 200, `GET ${path}`);
    return Buffer.from(await response.body());
  };
  for (const asset of assets) {
    const original = await body(asset);
    const gz = await body(`${asset}.gz`);
    const br = await body(`${asset}.br`);
    assert.ok(gunzipSync(gz).equals(original), `${asset}.gz decompresses to ${asset}`);
    assert.ok(brotliDecompressSync(br).equals(original), `${asset}.br decompresses to ${asset}`);
    assert.ok(br.length < original.length && gz.length < original.length, `${asset}: the copies are smaller`);
  }
});
