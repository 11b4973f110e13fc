// The benchmark of `cargo xtask bench`: sizes, first chart, view changes, a
// large synthetic data set and two peer libraries, in headless Chromium
// through playwright-core. `cargo xtask bench` builds dist/, serves it and sets:
//   BASE_URL   http://127.0.0.1:PORT/ (the served dist/)
//   NODE_PATH  the node_modules folder holding playwright-core
//   PEERS      the node_modules folder holding the echarts and chart.js packages
//   REPORT     where the JSON report goes (target/bench/report.json)
//   DIST_DIR   the served dist/ (default: dist/ of this repository)
//   VALIDATOR  the budget-compare command-line tool (default target/debug/budget-compare)
// Optional: BENCH_LOADS (page loads per first-chart figure, default 10),
// BENCH_CHANGES (view changes, default 60), BENCH_LARGE_LOADS (default 20),
// CHROMIUM (default /usr/bin/chromium).
//
// By hand: `cargo xtask serve --port 8080` in one shell, then
//   BASE_URL=http://127.0.0.1:8080/ NODE_PATH=target/tools/playwright/node_modules \
//     PEERS=target/tools/peers/node_modules node tests/bench/run.mjs
//
// What it writes besides the report: the synthetic data set into
// DIST_DIR/bench-data/ (tests/bench/gen-data.mjs), the bench pages of
// tests/bench/pages/ into DIST_DIR/bench/ and the peer pages and library
// files into DIST_DIR/bench-peers/ (so the xtask server serves them all, same
// origin as the widget and the data; no playwright route, which would slow
// every request of its context), one screenshot per chart and two Chromium
// traces next to the report. `cargo xtask dist` removes them with dist/.
//
// Every figure is a time from the page's own clock: performance.mark()
// entries and Resource Timing, relative to navigation start (timeOrigin).
// Exits 1 when a load times out, a page logs an error or a chart shows other
// figures than the bundled data give.

import { createRequire } from 'node:module';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import os from 'node:os';

import { generate } from './gen-data.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from '../chromium.mjs';

// NODE_PATH only applies to CommonJS resolution.
const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../..');
const BASE_URL = process.env.BASE_URL;
if (!BASE_URL) {
  console.error('BASE_URL is not set (e.g. http://127.0.0.1:8080/)');
  process.exit(2);
}
const DIST = resolve(process.env.DIST_DIR || join(ROOT, 'dist'));
const REPORT = resolve(process.env.REPORT || join(ROOT, 'target/bench/report.json'));
const PEERS = resolve(process.env.PEERS || join(ROOT, 'target/tools/peers/node_modules'));
const VALIDATOR = resolve(process.env.VALIDATOR || join(ROOT, 'target/debug/budget-compare'));
const LIGHTHOUSE = resolve(process.env.LIGHTHOUSE || join(ROOT, 'target/tools/lighthouse/node_modules'));
const count = (name, fallback, min) => Math.max(min, Number.parseInt(process.env[name] ?? '', 10) || fallback);
const LOADS = count('BENCH_LOADS', 10, 1);
const CHANGES = count('BENCH_CHANGES', 60, 3);
const LARGE_LOADS = count('BENCH_LARGE_LOADS', 20, 1);
const BREAKDOWN_LOADS = 5;
const LIGHTHOUSE_RUNS = count('BENCH_LIGHTHOUSE_RUNS', 3, 1);

const MARK = 'budget-compare:chart-drawn';
/// Set when a widget mounted beside a prerendered view has taken its place
/// (its first view whole): on the demo page, the interactive chart on screen.
const SHOWN_MARK = 'budget-compare:taken-over';
/// Set by the widget after each assembly of the data set: first when the
/// files of the first view are fetched, parsed and validated, again when
/// every file is (large data sets load in two steps; small ones in one).
const VALIDATED_MARK = 'budget-compare:data-validated';
/// Set by the widget when every document is loaded and validated.
const COMPLETE_MARK = 'budget-compare:data-complete';
/// Set by the Compare tab each time it has aggregated its city-years.
const AGGREGATED_MARK = 'budget-compare:aggregated';
const PEER_MARK = 'peer:chart-drawn';
const LOAD_TIMEOUT_MS = 30000;
const LARGE_TIMEOUT_MS = 120000;
/// How long a large load may take after its first chart to be complete.
const COMPLETE_TIMEOUT_MS = 30000;
const CHANGE_TIMEOUT_MS = 5000;
const VIEWPORT = { width: 1200, height: 900 };

/// The bars of SPEC §6 (docs/performance.md).
const BARS = {
  // The download in the .gz copies `cargo xtask dist` writes (Zopfli), and
  // as `gzip -9` compresses the same files.
  size_gzip_kib: 200,
  size_gzip9_kib: 200,
  first_chart_ms: 300,
  view_change_ms: 16,
  large_load_validate_aggregate_ms: 200,
};

const OUT_DIR = dirname(REPORT);
const problems = []; // the bench could not measure what it should: exit 1
const findings = []; // what the run shows going wrong (widget or server): reported, not fatal
const log = (line) => console.log(line);

// ---------------------------------------------------------------- helpers

function stats(samples) {
  const xs = samples.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (xs.length === 0) return { n: 0, median: null, min: null, max: null, p90: null, mean: null, samples };
  const at = (q) => {
    const i = (xs.length - 1) * q;
    const lo = Math.floor(i);
    const hi = Math.ceil(i);
    return xs[lo] + (xs[hi] - xs[lo]) * (i - lo);
  };
  const round = (x) => Math.round(x * 10) / 10;
  return {
    n: xs.length,
    median: round(at(0.5)),
    min: round(xs[0]),
    max: round(xs[xs.length - 1]),
    p90: round(at(0.9)),
    mean: round(xs.reduce((a, b) => a + b, 0) / xs.length),
    samples: samples.map((x) => (Number.isFinite(x) ? round(x) : x)),
  };
}

/// `gzip -9 -c FILE` (as `cargo xtask dist` reports it), else zlib level 9.
function gzipSize(file, bytes) {
  try {
    return execFileSync('gzip', ['-9', '-c', file], { maxBuffer: 64 << 20 }).length;
  } catch {
    return gzipSync(bytes, { level: 9 }).length;
  }
}

function brotliSize(bytes) {
  return brotliCompressSync(bytes, {
    params: {
      [zlibConstants.BROTLI_PARAM_QUALITY]: zlibConstants.BROTLI_MAX_QUALITY,
      [zlibConstants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  }).length;
}

/// Each file's size raw, by `gzip -9` (what a server compressing as it sends
/// gets at best), as the `.gz` copy `cargo xtask dist` writes beside it (by
/// Zopfli: what a server sending precompressed files sends) and by brotli.
function fileSizes(base, files) {
  const rows = files.map((file) => {
    const bytes = readFileSync(file);
    return {
      file: file.startsWith(base + sep) ? file.slice(base.length + 1) : file,
      raw: bytes.length,
      gzip: gzipSize(file, bytes),
      gz_file: existsSync(`${file}.gz`) ? readFileSync(`${file}.gz`).length : NaN,
      brotli: brotliSize(bytes),
    };
  });
  return { files: rows, total: sumSizes(rows) };
}

const sumSizes = (rows) => rows.reduce(
  (t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, gz_file: t.gz_file + r.gz_file, brotli: t.brotli + r.brotli }),
  { raw: 0, gzip: 0, gz_file: 0, brotli: 0 },
);

const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (x) => (x === null || x === undefined ? '–' : `${Math.round(x)} ms`);
const spread = (s) => (s.n ? `${ms(s.median)} (${Math.round(s.min)}–${Math.round(s.max)})` : 'failed');

/// The Compare figures computed in node from the bundled data, by function
/// (the widget's default lens): leaves summed by their nearest `function`
/// on the path, else their own or inherited category; pass-through
/// categories left out; ordered by their largest figure (taxonomy order
/// among equals).
function expectedCompare() {
  const data = join(ROOT, 'www/data');
  const taxonomy = JSON.parse(readFileSync(join(data, 'taxonomy.json'), 'utf8'));
  // The widget's default view: each city in the latest year both have (105).
  const years = ['taichung-105', 'kaohsiung-105'];
  const sums = years.map((file) => {
    const doc = JSON.parse(readFileSync(join(data, `${file}.json`), 'utf8'));
    const out = new Map();
    (function walk(lines, inherited, inheritedFunction) {
      for (const line of lines) {
        const category = line.category ?? inherited;
        const fn = line.function ?? inheritedFunction;
        const counted = fn ?? category;
        if (line.children?.length) walk(line.children, category, fn);
        else if (counted) out.set(counted, (out.get(counted) ?? 0) + line.amount);
      }
    })(doc.budget.lines, null, null);
    return out;
  });
  const shown = taxonomy.categories
    .map((c, order) => ({ id: c.id, name: c.name['zh-TW'], order, pass: !!c.pass_through }))
    .filter((c) => !c.pass && sums.some((s) => s.has(c.id)));
  const largest = (c) => Math.max(...sums.map((s) => s.get(c.id) ?? 0));
  shown.sort((a, b) => largest(b) - largest(a) || a.order - b.order);
  return {
    years,
    left_out: taxonomy.categories.filter((c) => c.pass_through).map((c) => c.id),
    categories: shown.map((c) => ({ id: c.id, name: c.name, values: sums.map((s) => s.get(c.id) ?? null) })),
  };
}

// ---------------------------------------------------------------- browser

let browser;

/// A fresh context (empty cache, nothing shared with earlier loads) and page.
async function fresh({ probe = false, staticProbe = false } = {}) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  context.setDefaultTimeout(LOAD_TIMEOUT_MS);
  if (probe) await context.addInitScript({ path: join(HERE, 'pages/probe.js') });
  if (staticProbe) await context.addInitScript({ path: join(HERE, 'pages/static-probe.js') });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console.error: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
  return { context, page, errors };
}

/// Waits in the page for the first `mark` entry; returns its startTime or null.
async function waitForMark(page, mark, timeout) {
  return page.evaluate(([name, limit]) => new Promise((done) => {
    const now = performance.getEntriesByName(name);
    if (now.length) { done(now[0].startTime); return; }
    const observer = new PerformanceObserver(() => {
      const seen = performance.getEntriesByName(name);
      if (seen.length) { observer.disconnect(); clearTimeout(timer); done(seen[0].startTime); }
    });
    observer.observe({ type: 'mark' });
    const timer = setTimeout(() => { observer.disconnect(); done(null); }, limit);
  }), [mark, timeout]);
}

/// What the page's clock saw: navigation, resources, the probe.
async function timings(page) {
  return page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    return {
      navigation: nav && {
        responseEnd: nav.responseEnd,
        domInteractive: nav.domInteractive,
        domContentLoaded: nav.domContentLoadedEventEnd,
        load: nav.loadEventEnd,
      },
      resources: performance.getEntriesByType('resource').map((r) => ({
        path: new URL(r.name).pathname + new URL(r.name).search,
        type: r.initiatorType,
        start: r.startTime,
        requestStart: r.requestStart,
        responseStart: r.responseStart,
        end: r.responseEnd,
        bytes: r.encodedBodySize,
      })),
      marks: performance.getEntriesByType('mark').map((m) => ({ name: m.name, at: m.startTime })),
      probe: window.__bcProbe ?? null,
      fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
      static: window.__bcStatic ?? null,
    };
  });
}

/// One fresh load of `url` until `mark` (then, when given, until each mark of
/// `until` too, each within its own timeout); null startTime when it timed
/// out. The timings are read once every awaited mark is there.
async function timedLoad(url, mark, { probe = false, staticProbe = false, timeout = LOAD_TIMEOUT_MS, after, until = [] } = {}) {
  const ctx = await fresh({ probe, staticProbe });
  try {
    const response = await ctx.page.goto(url, { waitUntil: 'commit', timeout });
    if (!response || response.status() !== 200) throw new Error(`GET ${url}: HTTP ${response?.status()}`);
    const first = await waitForMark(ctx.page, mark, timeout);
    if (first !== null) {
      for (const wait of until) {
        if ((await waitForMark(ctx.page, wait.mark, wait.timeout)) === null) {
          ctx.errors.push(`no ${wait.mark} within ${wait.timeout} ms of ${mark}`);
        }
      }
    }
    const extra = first === null ? {} : await timings(ctx.page);
    const more = after && first !== null ? await after(ctx.page) : undefined;
    if (first === null) ctx.errors.push(`no ${mark} within ${timeout} ms`);
    return { first, ...extra, more, errors: ctx.errors };
  } finally {
    await ctx.context.close().catch(() => {});
  }
}

/// `n` counted loads after one warm-up load.
async function loads(what, url, mark, n, options = {}) {
  const runs = [];
  process.stdout.write(`  ${what}: warm-up`);
  const warm = await timedLoad(url, mark, options);
  process.stdout.write(` ${ms(warm.first)};`);
  for (let i = 0; i < n; i += 1) {
    const run = await timedLoad(url, mark, options);
    process.stdout.write(` ${ms(run.first)}`);
    runs.push(run);
    for (const e of run.errors) problems.push(`${what}, load ${i + 1}: ${e}`);
  }
  process.stdout.write('\n');
  return { warmup: warm.first, runs, first: stats(runs.map((r) => r.first ?? NaN)) };
}

/// Loads of several pages in turns, so that a slow or a fast phase of the
/// machine (they last seconds to minutes here) falls on every page alike: one
/// warm-up load each, then `n` rounds, each loading every page once, starting
/// with the next page each round. Per page, in order, what `loads` returns.
async function inTurns(pages, n) {
  const out = pages.map(() => ({ runs: [] }));
  process.stdout.write('  warm-up:');
  for (const [k, p] of pages.entries()) {
    const warm = await timedLoad(p.url, p.mark, p.options);
    out[k].warmup = warm.first;
    process.stdout.write(` ${p.what} ${ms(warm.first)};`);
  }
  process.stdout.write('\n');
  for (let i = 0; i < n; i += 1) {
    process.stdout.write(`  round ${i + 1}:`);
    for (let j = 0; j < pages.length; j += 1) {
      const k = (i + j) % pages.length;
      const p = pages[k];
      const run = await timedLoad(p.url, p.mark, p.options);
      out[k].runs.push(run);
      process.stdout.write(` ${p.what} ${ms(run.first)};`);
      for (const e of run.errors) problems.push(`${p.what}, load ${i + 1}: ${e}`);
    }
    process.stdout.write('\n');
  }
  for (const o of out) o.first = stats(o.runs.map((r) => r.first ?? NaN));
  return out;
}

/// The median of the per-round ratios a / b of two pages loaded in turns
/// (`of` reads a load's figure: by default its first mark).
const pairedRatio = (a, b, of = (r) => r.first) => stats(a.runs.map((r, i) => (of(r) ?? NaN) / (b.runs[i]?.first ?? NaN))).median;

/// When a load's prerendered chart was first visible (static-probe.js): the
/// first contentful paint if the chart was in the document by then, else
/// the frame after it came; null without one.
function staticVisible(run) {
  const s = run.static;
  if (!s || s.inDom === null) return null;
  return run.fcp !== null && s.inDom <= run.fcp ? run.fcp : s.frame;
}

const findResource = (run, test) => (run.resources ?? []).filter((r) => test(r.path));
const lastEnd = (rs) => (rs.length ? Math.max(...rs.map((r) => r.end)) : NaN);
const firstStart = (rs) => (rs.length ? Math.min(...rs.map((r) => r.start)) : NaN);
/// The entry that started first (each file is fetched once, by the loader or
/// by the widget; were one fetched twice, the first fetch would count).
const earliest = (rs) => rs.reduce((a, r) => (a === null || r.start < a.start ? r : a), null);
/// How many different files (paths) the entries name.
const distinct = (rs) => new Set(rs.map((r) => r.path)).size;
/// The first `name` mark of a load (its startTime), NaN when there is none.
const firstMark = (run, name) => {
  const at = (run.marks ?? []).filter((m) => m.name === name).map((m) => m.at);
  return at.length ? Math.min(...at) : NaN;
};

/// Medians of where the time goes on the demo page, from Resource Timing
/// (and the probe when it ran).
function breakdown(runs) {
  const per = runs.filter((r) => r.first !== null).map((r) => {
    const loader = findResource(r, (p) => p === '/budget-compare.js');
    const wasm = findResource(r, (p) => p.endsWith('/budget_compare_bg.wasm'));
    const glue = findResource(r, (p) => p.startsWith('/pkg/budget_compare.js'));
    const manifest = findResource(r, (p) => p === '/data/index.json');
    const firstManifest = earliest(manifest);
    const data = findResource(r, (p) => p.startsWith('/data/'));
    return {
      html_response_end: r.navigation?.responseEnd,
      dom_content_loaded: r.navigation?.domContentLoaded,
      loader_js_end: lastEnd(loader),
      wasm_fetch_start: firstStart(wasm),
      wasm_fetch_end: lastEnd(wasm),
      glue_js_start: firstStart(glue),
      glue_js_end: lastEnd(glue),
      widget_mounted: r.probe?.status ?? NaN,
      // The first fetch of the manifest (the loader's, while the module compiles).
      manifest_fetch_start: firstManifest?.start ?? NaN,
      manifest_fetch_end: firstManifest?.end ?? NaN,
      manifest_fetches: manifest.length,
      data_fetch_end: lastEnd(data),
      data_files: distinct(data),
      data_validated: firstMark(r, VALIDATED_MARK),
      draw_start: r.probe?.drawStart ?? NaN,
      chart_drawn: r.first,
    };
  });
  const keys = per.length ? Object.keys(per[0]) : [];
  return Object.fromEntries(keys.map((k) => [k, stats(per.map((p) => p[k])).median]));
}

// ---------------------------------------------------------------- steps

function measureSizes() {
  const files = [
    'pkg/budget_compare_bg.wasm',
    'pkg/budget_compare.js',
    'budget-compare.js',
    'budget-compare.css',
  ].map((f) => join(DIST, f));
  for (const f of files) if (!existsSync(f)) throw new Error(`${f} is missing: run \`cargo xtask dist\``);
  const all = fileSizes(DIST, files);
  const pick = (names) => sumSizes(all.files.filter((r) => names.includes(r.file)));
  // The lazily loaded module (Over time, Plans, Table, About, the exports),
  // fetched when the reader's pointer or focus comes to the tabs: apart from
  // the page's download.
  const lazy = ['pkg-extras/budget_compare_extras_bg.wasm', 'pkg-extras/budget_compare_extras.js'].map((f) => join(DIST, f));
  // The import module, fetched only when a reader opens 加入年度 / Add a year.
  const importer = ['pkg-import/budget_compare_import_bg.wasm', 'pkg-import/budget_compare_import.js'].map((f) => join(DIST, f));
  for (const f of [...lazy, ...importer]) if (!existsSync(f)) throw new Error(`${f} is missing: run \`cargo xtask dist\``);
  return {
    unit: 'bytes',
    files: all.files,
    wasm: pick(['pkg/budget_compare_bg.wasm']),
    js: pick(['pkg/budget_compare.js', 'budget-compare.js']),
    css: pick(['budget-compare.css']),
    total: all.total,
    lazy: fileSizes(DIST, lazy),
    import: fileSizes(DIST, importer),
  };
}

/// The official whole-city table (shared/data-sources), imported in the
/// demo page's widget through 加入年度 / Add a year, `n` times in one page
/// (each replaces the one before): from opening the disclosure to its
/// panel (the import module fetched and compiled, the data set read), and
/// per import the module's own work (the `import-start` → `import-done`
/// marks: the workbook read, the section found, the lines mapped, the
/// documents checked) and the drop → the documents listed in the panel.
async function measureImport(n) {
  const file = join(ROOT, '../shared/data-sources/taichung-105-city-agency-budget-table.xls');
  const ctx = await fresh();
  try {
    await ctx.page.goto(BASE_URL);
    await waitForMark(ctx.page, MARK, LOAD_TIMEOUT_MS);
    const opened = await ctx.page.evaluate(() => performance.now());
    await ctx.page.locator('.bc-live .bc-import > summary').click();
    const panel = ctx.page.locator('.bc-live .bc-import-panel');
    await panel.waitFor();
    const open = (await ctx.page.evaluate(() => performance.now())) - opened;
    const data = readFileSync(file);
    const b64 = data.toString('base64');
    const work = [];
    const shown = [];
    for (let i = 0; i < n; i += 1) {
      await ctx.page.evaluate(() => performance.clearMarks());
      const t = await ctx.page.evaluate(([name, encoded]) => new Promise((done) => {
        const bin = atob(encoded);
        const bytes = new Uint8Array(bin.length);
        for (let j = 0; j < bin.length; j += 1) bytes[j] = bin.charCodeAt(j);
        const dt = new DataTransfer();
        dt.items.add(new File([bytes], name));
        const target = document.querySelector('.bc-live .bc-import-panel');
        const before = document.querySelector('.bc-live .bc-import-added');
        const start = performance.now();
        const seen = () => {
          const added = document.querySelector('.bc-live .bc-import-added');
          if (added && added !== before) { observer.disconnect(); done(performance.now() - start); }
        };
        const observer = new MutationObserver(seen);
        observer.observe(target, { childList: true, subtree: true });
        target.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
      }), [basename(file), b64]);
      const marks = await ctx.page.evaluate(() => ['start', 'done'].map((m) => performance.getEntriesByName(`budget-compare:import-${m}`)[0]?.startTime ?? null));
      shown.push(t);
      if (marks[0] !== null && marks[1] !== null) work.push(marks[1] - marks[0]);
    }
    const listed = (await ctx.page.locator('.bc-live .bc-import-added').textContent()).trim();
    if (!listed.includes('臺中市（自行匯入） 105年 (2016)')) problems.push(`import: the panel lists ${listed}`);
    for (const e of ctx.errors) problems.push(`import: ${e}`);
    return { file: basename(file), bytes: data.length, open_ms: Math.round(open), import_ms: stats(work), drop_to_listed_ms: stats(shown) };
  } finally {
    await ctx.context.close().catch(() => {});
  }
}

function prepareLargeData() {
  const summary = generate(join(DIST, 'bench-data'));
  log(`  wrote ${summary.documents} synthetic documents (${kib(summary.bytes)}) to ${summary.dir}`);
  if (!existsSync(VALIDATOR)) throw new Error(`${VALIDATOR} is missing (cargo build --bin budget-compare)`);
  // Every manifest: one file per document, the collection files, not indented.
  const manifests = [summary.manifest, summary.collections_manifest, summary.compact_manifest];
  const run = spawnSync(VALIDATOR, ['validate', ...manifests], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const out = `${run.stdout}${run.stderr}`;
  const tally = out.match(/(\d+) errors?, (\d+) warnings?/);
  const errors = tally ? Number(tally[1]) : null;
  const warnings = tally ? Number(tally[2]) : null;
  const summaryLines = out.trim().split('\n').slice(-3);
  log(`  ${basename(VALIDATOR)} validate: ${summaryLines.join(' / ')}`);
  const usable = [...out.matchAll(/: (\d+) documents usable, 0 refused/g)].map((m) => Number(m[1]));
  if (run.status !== 0 || errors !== 0 || usable.length !== manifests.length || usable.some((n) => n !== summary.documents)) {
    throw new Error(`the synthetic data set does not validate (exit ${run.status}):\n${out.slice(0, 4000)}`);
  }
  return {
    ...summary,
    validation: { command: `${VALIDATOR} validate ${manifests.join(' ')}`, exit: run.status, errors, warnings, summary: summaryLines },
  };
}

/// tests/bench/pages/ (the large-data-set page, the probe, a blank page)
/// into DIST_DIR/bench/, served by the same server as the widget. Not
/// through a playwright route: while a context has any route, playwright
/// intercepts every request of it, which made fetching the 332 files of
/// the large data set about 300 ms slower here.
function preparePages() {
  const out = join(DIST, 'bench');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  for (const f of readdirSync(join(HERE, 'pages'))) copyFileSync(join(HERE, 'pages', f), join(out, f));
}

const PEER_LIBS = [
  { id: 'echarts', name: 'Apache ECharts', package: 'echarts', file: 'dist/echarts.min.js', page: 'echarts.html', script: 'echarts-page.js' },
  { id: 'chartjs', name: 'Chart.js', package: 'chart.js', file: 'dist/chart.umd.js', page: 'chartjs.html', script: 'chartjs-page.js' },
];

function preparePeers() {
  const out = join(DIST, 'bench-peers');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(join(out, 'lib'), { recursive: true });
  for (const f of readdirSync(join(HERE, 'peers'))) copyFileSync(join(HERE, 'peers', f), join(out, f));
  return PEER_LIBS.map((p) => {
    const pkgDir = join(PEERS, p.package);
    const manifest = join(pkgDir, 'package.json');
    if (!existsSync(manifest)) throw new Error(`${p.package} is not installed in ${PEERS}`);
    const version = JSON.parse(readFileSync(manifest, 'utf8')).version;
    const lib = join(out, 'lib', basename(p.file));
    copyFileSync(join(pkgDir, p.file), lib);
    const sizes = fileSizes(out, [lib, join(out, p.script), join(out, 'common.js')]);
    const css = fileSizes(out, [join(out, 'peer.css')]);
    return { ...p, version, url: `${BASE_URL}bench-peers/${p.page}`, js: sizes, css: css.total };
  });
}

/// On the loaded demo page: ≥ 50 view changes, each timed from just before
/// the change event is dispatched to the next chart-drawn mark.
async function viewChanges(page) {
  const metrics = ['share', 'per-resident', 'amount'];
  const samples = [];
  let metricIndex = 0;
  for (let i = 0; i < CHANGES; i += 1) {
    const kind = ['metric', 'city-year', 'pass-through'][i % 3];
    const value = kind === 'metric' ? metrics[metricIndex++ % metrics.length] : null;
    const r = await page.evaluate(([k, v, mark, limit]) => new Promise((done) => {
      const controls = document.querySelector('.bc-panel .bc-controls');
      let target;
      if (k === 'metric') target = controls?.querySelector('select');
      else if (k === 'pass-through') target = controls?.querySelector('input[type="checkbox"]');
      else target = [...document.querySelectorAll('.bc-picker label')].find((l) => l.textContent.includes('104'))?.querySelector('input');
      if (!target) { done({ error: `no control for ${k}` }); return; }
      let t0 = Infinity;
      let finished = false;
      const finish = (drawn) => {
        if (finished) return;
        finished = true;
        observer.disconnect();
        clearTimeout(timer);
        done({ t0, drawn });
      };
      const observer = new PerformanceObserver((list) => {
        const e = list.getEntriesByName(mark).find((x) => x.startTime >= t0);
        if (e) finish(e.startTime);
      });
      observer.observe({ type: 'mark' });
      const timer = setTimeout(() => finish(null), limit);
      if (k === 'metric') {
        target.value = v;
        t0 = performance.now();
        target.dispatchEvent(new Event('change', { bubbles: true }));
      } else {
        t0 = performance.now();
        target.click();
      }
    }), [kind, value, MARK, CHANGE_TIMEOUT_MS]);
    if (r.error || r.drawn === null) problems.push(`view change ${i + 1} (${kind}${value ? ` ${value}` : ''}): ${r.error ?? 'no chart drawn'}`);
    samples.push({ kind, value, ms: r.drawn != null ? r.drawn - r.t0 : null });
    // Let the page settle (two frames and a little idle) before the next change.
    await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(ok, 30)))));
  }
  const of = (k) => stats(samples.filter((s) => !k || s.kind === k).map((s) => s.ms ?? NaN));
  return {
    count: samples.length,
    all: of(null),
    by_kind: { metric: of('metric'), 'city-year': of('city-year'), 'pass-through': of('pass-through') },
    samples,
  };
}

/// The Compare table of the widget: { category name: [values of the columns] }.
async function widgetTable(page) {
  return page.evaluate(() => {
    const table = document.querySelector('.bc-panel .bc-data-table');
    if (!table) return null;
    const head = [...table.querySelectorAll('thead th')].map((th) => th.textContent.trim());
    const rows = [...table.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent.trim()));
    return { head, rows };
  });
}

function checkAgainst(what, expected, categories, seriesValues) {
  const got = categories.map((name, i) => ({ name, values: seriesValues.map((vals) => vals[i]) }));
  const want = expected.categories.map((c) => ({ name: c.name, values: c.values }));
  const same = JSON.stringify(got) === JSON.stringify(want);
  if (!same) problems.push(`${what}: figures differ from the bundled data:\n    got  ${JSON.stringify(got)}\n    want ${JSON.stringify(want)}`);
  return same;
}

/// Loads of the large data set at `url`, each until its first chart and then
/// until every document is loaded and validated. `firstView`: the data
/// files (paths) the widget needs for its first view, besides the manifest
/// and the taxonomy.
async function measureLarge(label, url, { screenshot = null, firstView = [], manifest = '/bench-data/index.json' } = {}) {
  const result = await loads(label, url, MARK, LARGE_LOADS, {
    timeout: LARGE_TIMEOUT_MS,
    until: [{ mark: COMPLETE_MARK, timeout: COMPLETE_TIMEOUT_MS }],
    after: (page) => page.evaluate(() => {
      const canvas = document.querySelector('.bc-widget canvas');
      return {
        canvas: canvas && { width: canvas.width, height: canvas.height },
        checkboxes: document.querySelectorAll('.bc-picker input[type="checkbox"]').length,
        checked: document.querySelectorAll('.bc-picker input[type="checkbox"]:checked').length,
        errors: [...document.querySelectorAll('.bc-error')].map((e) => e.textContent.trim().slice(0, 300)),
        table_rows: document.querySelectorAll('.bc-data-table tbody tr').length,
        // A canvas past the browser's size limits stays blank: read a pixel
        // near its bottom (the chart paints its background everywhere).
        ...(() => {
          const painted = (y) => {
            try {
              const ctx = canvas?.getContext('2d');
              return !!ctx && ctx.getImageData(Math.floor(canvas.width / 2), y, 1, 1).data[3] > 0;
            } catch {
              return false;
            }
          };
          return { top_pixel_painted: painted(5), bottom_pixel_painted: painted((canvas?.height ?? 10) - 5) };
        })(),
      };
    }),
  });
  const MANIFEST = manifest;
  const needed = new Set([MANIFEST, '/bench-data/taxonomy.json', ...firstView]);
  const per = result.runs.filter((r) => r.first !== null).map((r) => {
    const data = findResource(r, (p) => p.startsWith('/bench-data/'));
    // The earliest fetch of the manifest: the loader's, started while the
    // module compiles (it hands the response to the widget).
    const manifestStart = firstStart(data.filter((d) => d.path === MANIFEST));
    const firstViewEnd = lastEnd(data.filter((d) => needed.has(d.path)));
    const beforeChart = data.filter((d) => d.end <= r.first);
    const validated = firstMark(r, VALIDATED_MARK);
    const complete = firstMark(r, COMPLETE_MARK);
    // The view aggregated with every document in: the first aggregation
    // that starts after the data-complete mark.
    const aggregated = (r.marks ?? []).filter((m) => m.name === AGGREGATED_MARK && m.at >= complete).map((m) => m.at);
    const drawStart = r.probe?.drawStart ?? NaN;
    // Bytes per file once (a file fetched twice is counted at its larger entry).
    const bytes = new Map();
    for (const d of data) bytes.set(d.path, Math.max(bytes.get(d.path) ?? 0, d.bytes));
    return {
      files: distinct(data),
      resource_entries: data.length,
      manifest_fetches: data.filter((d) => d.path === MANIFEST).length,
      bytes: [...bytes.values()].reduce((a, b) => a + b, 0),
      files_before_chart: distinct(beforeChart),
      documents_before_chart: distinct(beforeChart.filter((d) => d.path !== MANIFEST && d.path !== '/bench-data/taxonomy.json')),
      widget_mounted: r.probe?.status ?? NaN,
      manifest_fetch_start: manifestStart,
      data_fetch_ms: firstViewEnd - manifestStart,
      validate_ms: validated - firstViewEnd,
      validate_render_ms: drawStart - firstViewEnd,
      fetch_to_validated_ms: validated - manifestStart,
      fetch_to_draw_start_ms: drawStart - manifestStart,
      draw_ms: r.first - drawStart,
      data_to_chart_ms: r.first - manifestStart,
      all_files_fetch_ms: lastEnd(data) - manifestStart,
      data_complete_ms: complete - manifestStart,
      complete_aggregated_ms: (aggregated.length ? Math.min(...aggregated) : NaN) - manifestStart,
      first_chart_ms: r.first,
      complete_from_navigation_ms: complete,
    };
  });
  const field = (k) => stats(per.map((p) => p[k]));
  const last = result.runs.at(-1)?.more ?? null;
  if (last?.errors?.length) problems.push(`${label}: the widget shows errors: ${last.errors.join(' | ')}`);
  if (screenshot) {
    const ctx = await fresh();
    try {
      await ctx.page.goto(url);
      await waitForMark(ctx.page, MARK, LARGE_TIMEOUT_MS);
      await waitForMark(ctx.page, COMPLETE_MARK, COMPLETE_TIMEOUT_MS);
      await ctx.page.waitForTimeout(200);
      // The top of the chart (its canvas can be tens of thousands of pixels tall).
      const box = await ctx.page.locator('.bc-widget canvas').first().boundingBox();
      if (box) {
        const clip = { x: box.x, y: box.y, width: box.width, height: Math.min(box.height, 1400) };
        await ctx.page.screenshot({ path: join(OUT_DIR, screenshot), fullPage: true, clip });
      }
    } finally {
      await ctx.context.close().catch(() => {});
    }
  }
  return {
    url,
    loads: LARGE_LOADS,
    warmup_ms: result.warmup,
    first_view_files: [...needed],
    files_fetched: per[0]?.files ?? null,
    resource_entries: per[0]?.resource_entries ?? null,
    manifest_fetches: per[0]?.manifest_fetches ?? null,
    bytes_fetched: per[0]?.bytes ?? null,
    widget: last,
    first_chart: result.first,
    widget_mounted: field('widget_mounted'),
    fetch_to_validated: field('fetch_to_validated_ms'),
    data_to_chart: field('data_to_chart_ms'),
    data_complete: field('data_complete_ms'),
    complete_aggregated: field('complete_aggregated_ms'),
    files_before_chart: field('files_before_chart'),
    documents_before_chart: field('documents_before_chart'),
    data_fetch: field('data_fetch_ms'),
    validate: field('validate_ms'),
    validate_render: field('validate_render_ms'),
    fetch_to_draw_start: field('fetch_to_draw_start_ms'),
    draw: field('draw_ms'),
    all_files_fetch: field('all_files_fetch_ms'),
    complete_from_navigation: field('complete_from_navigation_ms'),
  };
}

/// On a blank same-origin page: the WebAssembly compile time of our module
/// alone, and the time of one small request to the server (10 in a row per
/// page, so all but the first reuse a kept-alive connection).
async function blankPageProbes(n) {
  const samples = { streaming: [], bytes: [], fetch: [] };
  for (let i = 0; i <= n; i += 1) {
    const ctx = await fresh();
    try {
      await ctx.page.goto(`${BASE_URL}bench/blank.html`);
      const r = await ctx.page.evaluate(async () => {
        const url = '/pkg/budget_compare_bg.wasm';
        const t0 = performance.now();
        await WebAssembly.compileStreaming(fetch(url));
        const t1 = performance.now();
        const bytes = await (await fetch(url)).arrayBuffer();
        const t2 = performance.now();
        await WebAssembly.compile(bytes);
        const t3 = performance.now();
        const fetches = [];
        for (let k = 0; k < 10; k += 1) {
          const f0 = performance.now();
          await (await fetch('/data/index.json')).text();
          fetches.push(performance.now() - f0);
        }
        return { streaming: t1 - t0, bytes: t3 - t2, fetches };
      });
      if (i > 0) {
        samples.streaming.push(r.streaming);
        samples.bytes.push(r.bytes);
        samples.fetch.push(...r.fetches);
      }
    } finally {
      await ctx.context.close().catch(() => {});
    }
  }
  return {
    wasm_compile: { fetch_and_compile_streaming: stats(samples.streaming), compile_from_bytes: stats(samples.bytes) },
    small_request: stats(samples.fetch),
  };
}

/// Trace categories for the one traced load per page (not counted in any figure).
const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'blink.user_timing',
  'loading',
  'v8',
  'v8.wasm',
];

/// Which bucket a trace event's self time goes to.
function bucket(name) {
  if (/^(MinorGC|MajorGC|V8\.GC|BlinkGC|GCEvent|.*GarbageCollect)/i.test(name)) return 'gc';
  if (/^(ParseHTML)$/.test(name)) return 'parse_html';
  if (/^(UpdateLayoutTree|RecalculateStyles|ParseAuthorStyleSheet|ScheduleStyleRecalculation|InvalidateLayout)$/.test(name)) return 'style';
  if (/^(Layout|UpdateLayerTree|IntersectionObserverController::computeIntersections)$/.test(name)) return 'layout';
  if (/^(Paint|PrePaint|Layerize|Commit|PaintImage|CompositeLayers|UpdateLayer|RasterTask|Decode.*)$/.test(name)) return 'paint';
  if (/wasm/i.test(name)) return 'wasm_compile_or_instantiate';
  if (/^(EvaluateScript|v8\.|V8\.|FunctionCall|RunMicrotasks|TimerFire|EventDispatch|FireAnimationFrame|FireIdleCallback|XHR|v8\.run|ResourceReceivedData|ResourceFinish|ResourceReceiveResponse|ResourceSendRequest|HandlePostMessage|PerformanceObserver|ScheduledAction|TimeStamp|ParseScriptOnBackground)/.test(name)) return 'scripting';
  return 'other';
}

/// One traced load of `url` until `mark`: main-thread time by kind between
/// navigation start and the mark, the top events by self time, and the
/// trace file itself (open it in Chromium's DevTools, Performance panel).
async function traceLoad(label, url, mark, file, { timeout = LOAD_TIMEOUT_MS, data = '/data/' } = {}) {
  const ctx = await fresh();
  try {
    await browser.startTracing(ctx.page, { categories: TRACE_CATEGORIES });
    await ctx.page.goto(url, { waitUntil: 'commit', timeout });
    const first = await waitForMark(ctx.page, mark, timeout);
    const seen = first === null ? null : await timings(ctx.page);
    // A second more: the long-task count covers what follows the first
    // chart too (the table below it, the other documents).
    await ctx.page.waitForTimeout(1000);
    const buffer = await browser.stopTracing();
    writeFileSync(join(OUT_DIR, file), buffer);
    if (first === null) return { label, error: `no ${mark}` };
    const events = JSON.parse(buffer.toString('utf8')).traceEvents ?? [];
    const markEvent = events.find((e) => e.name === mark && (e.cat ?? '').includes('blink.user_timing'));
    if (!markEvent) return { label, first, error: 'the mark is not in the trace' };
    const end = markEvent.ts;
    const start = end - first * 1000;
    const main = events.filter((e) => e.pid === markEvent.pid && e.tid === markEvent.tid);
    const complete = main
      .filter((e) => e.ph === 'X' && typeof e.dur === 'number' && e.ts < end && e.ts + e.dur > start)
      .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
    // Self time: an event's duration (clipped to the window) less its children's.
    const self = new Map();
    const stack = [];
    const clip = (e) => Math.max(0, Math.min(e.ts + e.dur, end) - Math.max(e.ts, start));
    for (const e of complete) {
      while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= e.ts) stack.pop();
      const d = clip(e);
      if (stack.length) {
        const parent = stack.at(-1);
        self.set(parent, (self.get(parent) ?? 0) - d);
      }
      self.set(e, (self.get(e) ?? 0) + d);
      stack.push(e);
    }
    // Phases from the same load's Resource Timing: loading the page and the
    // module (to the first manifest request), fetching the data, after the
    // data. Files a large data set loads in the background can still come
    // in after the chart: the data phase ends at the chart at the latest.
    const files = (seen?.resources ?? []).filter((r) => r.path.startsWith(data));
    const manifestStart = firstStart(files);
    const dataEnd = Math.min(lastEnd(files), first);
    const phases = Number.isFinite(manifestStart) && Number.isFinite(dataEnd)
      ? [['page_and_module', 0, manifestStart], ['data_fetch', manifestStart, dataEnd], ['after_data', dataEnd, first]]
      : [['all', 0, first]];
    const phaseOf = (e) => phases.find(([, a, b]) => e.ts >= start + a * 1000 && e.ts < start + b * 1000)?.[0] ?? phases.at(-1)[0];
    const byPhase = Object.fromEntries(phases.map(([name, a, b]) => [name, { from_ms: Math.round(a * 10) / 10, to_ms: Math.round(b * 10) / 10, busy_ms: 0, by_kind_ms: {} }]));
    const byName = new Map();
    for (const [e, us] of self) {
      byName.set(e.name, (byName.get(e.name) ?? 0) + us);
      if (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') continue;
      const ph = byPhase[phaseOf(e)];
      const k = bucket(e.name);
      ph.busy_ms += us / 1000;
      ph.by_kind_ms[k] = (ph.by_kind_ms[k] ?? 0) + us / 1000;
    }
    for (const ph of Object.values(byPhase)) {
      ph.busy_ms = Math.round(ph.busy_ms * 10) / 10;
      ph.by_kind_ms = Object.fromEntries(Object.entries(ph.by_kind_ms).sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, Math.round(v * 10) / 10]));
    }
    const byBucket = {};
    let busy = 0;
    for (const [name, us] of byName) {
      if (name === 'RunTask' || name === 'ThreadControllerImpl::RunTask') continue; // task bookkeeping
      const b = bucket(name);
      byBucket[b] = (byBucket[b] ?? 0) + us;
      busy += us;
    }
    const toMs = (us) => Math.round(us / 100) / 10;
    // Tasks of the page's main thread from navigation to a second after the
    // mark, each with what took most of it: over 50 ms is a long task.
    const tasks = main
      .filter((e) => e.ph === 'X' && (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') && e.ts >= start && e.ts < end + 1e6)
      .map((t) => {
        const inner = main.filter((e) => e.ph === 'X' && e.ts >= t.ts && e.ts < t.ts + t.dur && e !== t && !/RunTask$/.test(e.name));
        const top = inner.sort((a, b) => b.dur - a.dur)[0];
        return { at_ms: toMs(t.ts - start), ms: toMs(t.dur), what: top ? `${top.name} ${toMs(top.dur)} ms` : '' };
      });
    const longTasks = tasks.filter((t) => t.ms > 50);
    return {
      label,
      longest_task_ms: Math.max(0, ...tasks.map((t) => t.ms)),
      long_tasks: longTasks,
      tasks_over_30_ms: tasks.filter((t) => t.ms > 30),
      file: join(OUT_DIR, file),
      first_chart_ms: first,
      main_thread_busy_ms: toMs(busy),
      main_thread_idle_ms: toMs(first * 1000 - busy),
      by_kind_ms: Object.fromEntries(Object.entries(byBucket).sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, toMs(v)])),
      phases: byPhase,
      top_events_ms: [...byName]
        .filter(([n]) => n !== 'RunTask' && n !== 'ThreadControllerImpl::RunTask')
        .sort((a, b) => b[1] - a[1])
        .slice(0, 15)
        .map(([name, us]) => ({ name, kind: bucket(name), self_ms: toMs(us) })),
    };
  } finally {
    await ctx.context.close().catch(() => {});
  }
}

// ---------------------------------------------------------------- host article

/// The host article pages, written into DIST_DIR/bench/: a news article as
/// a newsroom builds one, its text synthetic and labelled so (合成文字), a
/// 1200×630 hero image (the demo's share card) as its largest content, a
/// headline and fourteen paragraphs. The widget comes after the tenth
/// paragraph (several screens below the fold) with the README's snippet (the
/// element and an inline script that imports the loader once the page has
/// loaded: `below`), or with the tags a strict Content-Security-Policy needs
/// instead (module script, stylesheet link and element, together where the
/// widget goes: `below_tags`), or with those and the script and stylesheet
/// in <head> (`below_head`: what the snippets avoid); or with the tags after
/// the first paragraph (in the first viewport: `top`); or not at all
/// (`none`). The
/// control (`control`) has an empty module script in <head> and no widget:
/// the cost of any script request in Lighthouse's model.
const ARTICLES = {
  none: 'article-none.html',
  control: 'article-control.html',
  below: 'article-below.html',
  below_tags: 'article-below-tags.html',
  below_head: 'article-below-head.html',
  top: 'article-top.html',
};

function prepareArticles() {
  const sentence = '這是基準測試用的合成文字，模擬一篇新聞報導的段落，談勞工局預算、勞動檢查與職業訓練的變化，與實際資料無關。';
  const paragraph = (i) => `  <p>（合成文字）第 ${i} 段。${sentence.repeat(3)}</p>`;
  const script = '  <script type="module" src="/budget-compare.js"></script>';
  const css = '  <link rel="stylesheet" href="/budget-compare.css">';
  const element = '  <div data-budget-compare data-src="/data/index.json" data-lang="zh-TW"></div>';
  const deferred = `  <script type="module">
    const load = () => import("/budget-compare.js");
    const later = () => { setTimeout(load, 3000); new PerformanceObserver(() => setTimeout(load)).observe({ type: "largest-contentful-paint" }); };
    document.readyState === "complete" ? later() : addEventListener("load", later, { once: true });
  </script>`;
  writeFileSync(join(DIST, 'bench', 'empty.js'), '');
  for (const [where, file] of Object.entries(ARTICLES)) {
    const head = { control: ['  <script type="module" src="/bench/empty.js"></script>'], below_head: [css, script] }[where] ?? [];
    const at = { below: 10, below_tags: 10, below_head: 10, top: 1 }[where];
    const widget = { below: [element, deferred], below_head: [element] }[where] ?? [script, css, element];
    const body = [];
    for (let i = 1; i <= 14; i += 1) {
      body.push(paragraph(i));
      if (i === at) body.push(...widget);
    }
    writeFileSync(join(DIST, 'bench', file), `<!doctype html>
<html lang="zh-TW">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>勞工局預算報導（合成的基準測試頁）</title>
  <link rel="icon" href="data:,">
  <style>body { max-width: 42rem; margin: 0 auto; padding: 0 1rem; font: 18px/1.7 sans-serif; } img { width: 100%; height: auto; display: block; }</style>
${head.map((l) => `${l}\n`).join('')}</head>
<body>
  <h1>勞工局預算怎麼花：兩市比較（合成的基準測試頁）</h1>
  <img src="/share.png" width="1200" height="630" alt="臺中市與高雄市勞工局預算比較圖">
${body.join('\n')}
</body>
</html>
`);
  }
}

/// One Lighthouse run (mobile, performance only) of `url` in a Chromium of
/// its own (the bench's flags, a fresh profile), with `throttling`:
/// 'simulate' (what PageSpeed Insights shows) or 'devtools' (applied).
async function lighthouseRun(url, throttling) {
  const { default: lighthouse } = await import(pathToFileURL(join(LIGHTHOUSE, 'lighthouse', 'core', 'index.js')).href);
  const profile = mkdtempSync(join(os.tmpdir(), 'bench-lighthouse-'));
  const chrome = spawn(CHROMIUM, [...CHROMIUM_ARGS, `--user-data-dir=${profile}`, '--remote-debugging-port=0', 'about:blank'], { stdio: 'ignore' });
  const exited = new Promise((done) => chrome.once('exit', done));
  try {
    const portFile = join(profile, 'DevToolsActivePort');
    for (let i = 0; i < 100 && !existsSync(portFile); i += 1) await new Promise((r) => setTimeout(r, 100));
    const port = Number(readFileSync(portFile, 'utf8').split('\n')[0]);
    const result = await lighthouse(url, { port, output: 'json', logLevel: 'error', onlyCategories: ['performance'], throttlingMethod: throttling });
    const a = result.lhr.audits;
    const requests = (a['network-requests']?.details?.items ?? []).map((i) => new URL(i.url).pathname);
    return {
      performance: result.lhr.categories.performance.score,
      lcp_ms: Math.round(a['largest-contentful-paint'].numericValue),
      fcp_ms: Math.round(a['first-contentful-paint'].numericValue),
      tbt_ms: Math.round(a['total-blocking-time'].numericValue),
      cls: a['cumulative-layout-shift'].numericValue,
      lcp_element: a['largest-contentful-paint-element']?.details?.items?.[0]?.items?.[0]?.node?.selector ?? null,
      module_requests: requests.filter((q) => q.startsWith('/pkg') || q.startsWith('/data/')),
      warnings: result.lhr.runWarnings,
    };
  } finally {
    chrome.kill();
    await exited;
    // Its helper processes may still be writing: what is left stays in the
    // system's temp folder.
    try { rmSync(profile, { recursive: true, force: true, maxRetries: 5 }); } catch { /* left for the OS */ }
  }
}

/// LIGHTHOUSE_RUNS runs of `url`: the medians, and each run.
async function lighthouseMedians(label, url, throttling) {
  const runs = [];
  for (let i = 0; i < LIGHTHOUSE_RUNS; i += 1) runs.push(await lighthouseRun(url, throttling));
  const median = (k) => stats(runs.map((r) => r[k])).median;
  const out = {
    url, throttling,
    performance: median('performance'), lcp_ms: median('lcp_ms'), fcp_ms: median('fcp_ms'), tbt_ms: median('tbt_ms'), cls: median('cls'),
    lcp_elements: [...new Set(runs.map((r) => r.lcp_element))],
    module_requests: [...new Set(runs.flatMap((r) => r.module_requests))],
    runs,
  };
  log(`  ${label}, ${throttling}: performance ${out.performance}, LCP ${out.lcp_ms} ms, TBT ${out.tbt_ms} ms, CLS ${out.cls}; module requests: ${out.module_requests.length}`);
  return out;
}

/// The article with the widget below the fold, in a plain (unthrottled)
/// load: what it requested before the reader scrolls, then the time from
/// the scroll to the widget's chart, and a tab change answered.
async function scrollToWidget() {
  const ctx = await fresh();
  const requests = [];
  ctx.page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  try {
    await ctx.page.goto(`${BASE_URL}bench/${ARTICLES.below}`, { waitUntil: 'load' });
    await ctx.page.waitForTimeout(1000);
    const before = requests.filter((q) => q.startsWith('/pkg') || q.startsWith('/data/'));
    const scrolled = await ctx.page.evaluate(() => {
      document.querySelector('[data-budget-compare]').scrollIntoView({ block: 'start' });
      return performance.now();
    });
    const drawn = await waitForMark(ctx.page, MARK, LOAD_TIMEOUT_MS);
    let interactive = false;
    if (drawn !== null) {
      const count = await ctx.page.evaluate((m) => performance.getEntriesByName(m).length, MARK);
      await ctx.page.getByRole('tab', { name: '歷年趨勢' }).click();
      interactive = await ctx.page.waitForFunction(([m, n]) => performance.getEntriesByName(m).length > n, [MARK, count], { timeout: CHANGE_TIMEOUT_MS }).then(() => true, () => false);
    }
    for (const e of ctx.errors) problems.push(`host article: ${e}`);
    return { requests_before_scroll: before, scroll_to_chart_ms: drawn === null ? null : Math.round(drawn - scrolled), tab_change_answered: interactive };
  } finally {
    await ctx.context.close().catch(() => {});
  }
}

async function hostArticle() {
  prepareArticles();
  const url = (file) => `${BASE_URL}bench/${file}`;
  const out = { runs_each: LIGHTHOUSE_RUNS, note: 'Lighthouse 12 (mobile: Moto G Power, 412×823, slow 4G, 4× CPU slowdown), performance category only, a fresh Chromium per run; medians of runs_each runs. simulate: the throttling PageSpeed Insights reports (Lantern, modelled from an unthrottled load); devtools: applied throttling. module_requests: /pkg and /data/ requests during the run (Lighthouse does not scroll).' };
  for (const throttling of ['simulate', 'devtools']) {
    const none = await lighthouseMedians('article without the widget', url(ARTICLES.none), throttling);
    const control = await lighthouseMedians('article with an empty module script (control)', url(ARTICLES.control), throttling);
    const below = await lighthouseMedians('article, widget below the fold (README snippet)', url(ARTICLES.below), throttling);
    const tags = await lighthouseMedians('article, widget below the fold, script and stylesheet tags beside it', url(ARTICLES.below_tags), throttling);
    const head = await lighthouseMedians('article, widget below the fold, script and stylesheet in <head>', url(ARTICLES.below_head), throttling);
    const top = await lighthouseMedians('article, widget in the first viewport', url(ARTICLES.top), throttling);
    out[throttling] = {
      without: none, control, below, below_tags: tags, below_head: head, top,
      control_lcp_ratio: control.lcp_ms / none.lcp_ms,
      below_lcp_ratio: below.lcp_ms / none.lcp_ms,
      below_lcp_ratio_to_control: below.lcp_ms / control.lcp_ms,
      below_tbt_added_ms: below.tbt_ms - none.tbt_ms,
      below_tags_lcp_ratio: tags.lcp_ms / none.lcp_ms,
      below_head_lcp_ratio: head.lcp_ms / none.lcp_ms,
      top_lcp_ratio: top.lcp_ms / none.lcp_ms,
      top_tbt_added_ms: top.tbt_ms - none.tbt_ms,
    };
    const r = out[throttling];
    if (r.below_lcp_ratio > 1.05) findings.push(`host article, ${throttling}: LCP with the widget below the fold / without = ${r.below_lcp_ratio.toFixed(2)} (bar 1.05; an empty module script: ${r.control_lcp_ratio.toFixed(2)})`);
    if (r.below_tbt_added_ms > 50) findings.push(`host article, ${throttling}: the widget below the fold adds ${r.below_tbt_added_ms} ms TBT (bar 50)`);
    if (below.module_requests.length) findings.push(`host article, ${throttling}: the widget below the fold was fetched before any scroll: ${below.module_requests.join(' ')}`);
  }
  out.demo = await lighthouseMedians('demo page', BASE_URL, 'simulate');
  if (out.demo.lcp_ms > 2500 || out.demo.performance < 0.95 || out.demo.cls > 0) findings.push(`demo page, Lighthouse mobile (simulate): LCP ${out.demo.lcp_ms} ms (bar 2500), performance ${out.demo.performance} (bar 0.95), CLS ${out.demo.cls} (bar 0)`);
  out.scroll = await scrollToWidget();
  if (out.scroll.requests_before_scroll.length) findings.push(`host article: requested before the scroll: ${out.scroll.requests_before_scroll.join(' ')}`);
  if (!out.scroll.tab_change_answered) problems.push('host article: after the scroll the widget did not answer a tab change');
  log(`  scrolled to the widget: chart in ${out.scroll.scroll_to_chart_ms} ms; requests before the scroll: ${out.scroll.requests_before_scroll.length}; a tab change answered: ${out.scroll.tab_change_answered}`);
  return out;
}

// ---------------------------------------------------------------- report

function table(report) {
  const [e, c] = [report.peers.echarts, report.peers.chartjs];
  const cols = [34, 22, 22, 22];
  const row = (...cells) => cells.map((x, i) => (i < cols.length ? String(x ?? '').padEnd(cols[i]) : String(x ?? ''))).join('').trimEnd();
  const met = (value, bar) => (value === null ? '' : value <= bar ? '(met)' : '(NOT met)');
  const s = report.sizes;
  const L = report.large;
  const [D, N, E, C, CE, CC] = [L.default, L.controls_none, L.every_city_year, L.collections_default, L.collections_every_city_year, L.compact_collections_every_city_year];
  const howMany = (x) => (x.n ? `${x.median} (${x.min}–${x.max})` : 'failed');
  const lines = [
    row('what', 'ours', 'ECharts', 'Chart.js', 'bar'),
    row('JS+wasm+CSS, .gz as shipped', kib(s.total.gz_file), '', '', `<= ${BARS.size_gzip_kib} KB ${met(s.total.gz_file / 1024, BARS.size_gzip_kib)}`),
    row('  gzip -9 (peers: JS)', kib(s.total.gzip), kib(e.js.total.gzip), kib(c.js.total.gzip), `<= ${BARS.size_gzip_kib} KB ${met(s.total.gzip / 1024, BARS.size_gzip_kib)}`),
    row('  raw', kib(s.total.raw), kib(e.js.total.raw), kib(c.js.total.raw)),
    row('  brotli', kib(s.total.brotli), kib(e.js.total.brotli), kib(c.js.total.brotli)),
    row('  wasm gzip / JS gzip / CSS gzip', `${kib(s.wasm.gzip)} / ${kib(s.js.gzip)} / ${kib(s.css.gzip)}`),
    row('  lazily loaded module, gzip', kib(s.lazy.total.gzip)),
    row('  import module (加入年度), gzip', kib(s.import.total.gzip)),
    row('  ratio ours/theirs (gzip)', '', `${report.ratios.size_gzip.echarts.toFixed(2)}`, `${report.ratios.size_gzip.chartjs.toFixed(2)}`),
    row(`prerendered chart visible (${LOADS})`, spread(report.first_chart.prerendered), spread(e.first_chart), spread(c.first_chart)),
    row('  ratio ours/theirs (medians)', '', `${report.ratios.prerendered_chart.echarts?.toFixed(2)}`, `${report.ratios.prerendered_chart.chartjs?.toFixed(2)}`),
    row('  ratio per round (median)', '', `${report.ratios.prerendered_chart_paired.echarts?.toFixed(2)}`, `${report.ratios.prerendered_chart_paired.chartjs?.toFixed(2)}`),
    row(`interactive chart (median of ${LOADS})`, spread(report.first_chart.first), spread(e.first_chart), spread(c.first_chart), `<= ${BARS.first_chart_ms} ms ${met(report.first_chart.first.median, BARS.first_chart_ms)}`),
    row('  ratio ours/theirs (medians)', '', `${report.ratios.first_chart.echarts?.toFixed(2)}`, `${report.ratios.first_chart.chartjs?.toFixed(2)}`),
    row('  ratio per round (median)', '', `${report.ratios.first_chart_paired.echarts?.toFixed(2)}`, `${report.ratios.first_chart_paired.chartjs?.toFixed(2)}`),
    row('  longest main-thread task (traced load)', `${report.first_chart.trace.longest_task_ms} ms; over 50 ms: ${report.first_chart.trace.long_tasks?.length}`),
    ...['simulate', 'devtools'].flatMap((th) => {
      const h = report.host_article[th];
      return [
        row(`host article, Lighthouse mobile, ${th}:`),
        row('  LCP none / control / below / below, tags / below, <head> / top', `${h.without.lcp_ms} / ${h.control.lcp_ms} / ${h.below.lcp_ms} / ${h.below_tags.lcp_ms} / ${h.below_head.lcp_ms} / ${h.top.lcp_ms} ms`),
        row('  LCP ratios to none', `${h.control_lcp_ratio.toFixed(2)} / ${h.below_lcp_ratio.toFixed(2)} / ${h.below_tags_lcp_ratio.toFixed(2)} / ${h.below_head_lcp_ratio.toFixed(2)} / ${h.top_lcp_ratio.toFixed(2)}`, '', '', '<= 1.05 (below)'),
        row('  TBT without / below / top', `${h.without.tbt_ms} / ${h.below.tbt_ms} / ${h.top.tbt_ms} ms`, `added ${h.below_tbt_added_ms} / ${h.top_tbt_added_ms}`, '', '+<= 50 ms (below)'),
        row('  performance, CLS (below)', `${h.below.performance}, ${h.below.cls}`, `module requests ${h.below.module_requests.length}`),
      ];
    }),
    row('demo page, Lighthouse mobile, simulate', `perf ${report.host_article.demo.performance}, LCP ${report.host_article.demo.lcp_ms} ms, CLS ${report.host_article.demo.cls}`, '', '', '>= 0.95, <= 2500 ms, 0'),
    row('host article: scroll -> chart', `${report.host_article.scroll.scroll_to_chart_ms} ms`),
    row('one small request to the server', `${report.server.small_request.median} ms (${report.server.small_request.min}–${report.server.small_request.max})`),
    row(`import the official .xls (${kib(report.import.bytes)}), ${report.import.import_ms.n} times`),
    row('  open 加入年度 -> panel (module + data)', ms(report.import.open_ms)),
    row('  import (import-start -> import-done)', spread(report.import.import_ms)),
    row('  drop -> documents listed', spread(report.import.drop_to_listed_ms)),
    row(`view change (median of ${report.view_change.all.n})`, `${report.view_change.all.median} ms (${report.view_change.all.min}–${report.view_change.all.max})`, '', '', `<= ${BARS.view_change_ms} ms ${met(report.view_change.all.median, BARS.view_change_ms)}`),
    ...Object.entries(report.view_change.by_kind).map(([k, v]) => row(`  ${k} (median of ${v.n})`, `${v.median} ms (${v.min}–${v.max})`)),
    row(`large data set (${L.dataset.documents} docs, ${L.dataset.cities} cities × ${L.dataset.fiscal_years[1] - L.dataset.fiscal_years[0] + 1} years), median of ${LARGE_LOADS}; from the first manifest fetch:`),
    row(`  collection files (2), every city-year selected (${CE.widget?.checked ?? '?'})`),
    row('    load + validate + aggregate, all', spread(CE.complete_aggregated), '', '', `<= ${BARS.large_load_validate_aggregate_ms} ms ${met(CE.complete_aggregated.median, BARS.large_load_validate_aggregate_ms)}`),
    row('    manifest fetch -> first chart', spread(CE.data_to_chart)),
    row(`  the same without indentation (${kib(CC.bytes_fetched ?? NaN)} instead of ${kib(CE.bytes_fetched ?? NaN)}), every city-year selected`),
    row('    load + validate + aggregate, all', spread(CC.complete_aggregated)),
    row(`  collection files (2), default: newest year of each city first`),
    row('    manifest fetch -> first chart', spread(C.data_to_chart)),
    row('    every doc loaded + validated', spread(C.data_complete)),
    row('    navigation -> first chart', spread(C.first_chart)),
    row(`  one file per document (${L.dataset.files}), every city-year selected`),
    row('    load + validate + aggregate, all', spread(E.complete_aggregated)),
    row('    manifest fetch -> first chart', spread(E.data_to_chart)),
    row(`  one file per document, default: newest year of each city (${D.widget?.checked ?? '?'} city-years), the rest in the background`),
    row('    load + validate, first view', spread(D.fetch_to_validated)),
    row('    manifest fetch -> first chart', spread(D.data_to_chart)),
    row('    every doc loaded + validated', spread(D.data_complete)),
    row('    files fetched before chart', howMany(D.files_before_chart)),
    row('    fetch/validate/draw, 1st view', `${ms(D.data_fetch.median)} / ${ms(D.validate.median)} / ${ms(D.draw.median)}`),
    row('    navigation -> first chart', spread(D.first_chart)),
    row('  same, data-controls=none: manifest fetch -> first chart', spread(N.data_to_chart)),
  ];
  return lines.join('\n');
}

// ---------------------------------------------------------------- main

async function main() {
  mkdirSync(OUT_DIR, { recursive: true });
  const started = Date.now();
  log(`bench: ${BASE_URL} (dist: ${DIST})`);

  log('== sizes');
  const sizes = measureSizes();
  for (const f of sizes.files) log(`  ${f.file.padEnd(28)} ${String(f.raw).padStart(8)} raw ${String(f.gzip).padStart(8)} gzip -9 ${String(f.gz_file).padStart(8)} .gz ${String(f.brotli).padStart(8)} brotli`);

  log('== synthetic data set');
  const dataset = prepareLargeData();

  preparePages();

  log('== peers');
  const peerInfo = preparePeers();
  for (const p of peerInfo) log(`  ${p.package}@${p.version}: ${p.file} (${kib(p.js.total.gzip)} gzip with the page scripts)`);
  const expected = expectedCompare();

  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const report = {
    format: 'budget-compare-bench/1',
    generated: new Date().toISOString(),
    command: 'cargo xtask bench',
    machine: {
      cpus: os.cpus().length,
      cpu_model: os.cpus()[0]?.model ?? null,
      memory_gib: Math.round(os.totalmem() / 2 ** 30),
      platform: `${os.type()} ${os.release()} ${os.arch()}`,
      node: process.version,
      chromium: browser.version(),
      chromium_args: CHROMIUM_ARGS,
      viewport: VIEWPORT,
    },
    notes: [
      'Times are milliseconds from navigation start (performance.timeOrigin) unless named otherwise; every figure is a median with min, max, p90, mean and the samples.',
      'Every load is a fresh browser context (empty cache); the server sends Cache-Control: no-store and no compression, so transfer = raw bytes; gzip and brotli are what a compressing server would send.',
      'KB = 1024 bytes in the terminal table; the report has bytes.',
      'trace: one extra load per page with Chromium tracing on (not counted in any figure): main-thread self time by kind between navigation start and the chart-drawn mark, split into phases by that load\'s Resource Timing (an event counts in the phase it starts in); the trace files open in DevTools (Performance panel).',
      'Sizes of ours: dist/pkg/budget_compare_bg.wasm + dist/pkg/budget_compare.js + dist/budget-compare.js + dist/budget-compare.css. Peers: the library file + the page scripts (common.js and the page module); their 1-line stylesheet is listed apart.',
    ],
    bars: BARS,
    sizes,
  };
  let ok = false;
  try {
    log(`== first chart: the demo page and the peer pages in turns (${LOADS} rounds + 1 warm-up each)`);
    const [first, ...peerLoads] = await inTurns([
      { what: 'demo page', url: BASE_URL, mark: SHOWN_MARK, options: { staticProbe: true } },
      ...peerInfo.map((p) => ({
        what: p.name,
        url: p.url,
        mark: PEER_MARK,
        options: { after: (page) => page.evaluate(() => window.__peerData) },
      })),
    ], LOADS);
    log(`== where the time goes (${BREAKDOWN_LOADS} more loads with the timing probe)`);
    const probed = await loads('demo page + probe', BASE_URL, SHOWN_MARK, BREAKDOWN_LOADS, { probe: true });
    report.first_chart = {
      url: BASE_URL,
      loads: LOADS,
      warmup_ms: first.warmup,
      first: first.first,
      prerendered: stats(first.runs.map((r) => staticVisible(r) ?? NaN)),
      prerendered_note: 'navigation -> the prerendered chart (inline SVG in the page) visible: the first contentful paint when the SVG was in the document by then, else the frame after it came (tests/bench/pages/static-probe.js); "first" is navigation -> the interactive chart on screen (budget-compare:taken-over: the widget has drawn its chart, then built its table, and taken the prerendered view\'s place)',
      resources_median: breakdown(first.runs),
      with_probe: { loads: BREAKDOWN_LOADS, first: probed.first, median: breakdown(probed.runs) },
    };

    const unseen = first.runs.filter((r) => staticVisible(r) === null).length;
    if (unseen) problems.push(`the prerendered chart was not seen in ${unseen} of ${first.runs.length} loads of the demo page`);
    log(`  prerendered chart visible ${spread(report.first_chart.prerendered)}; interactive chart ${spread(first.first)}`);

    log('== one traced load of the demo page (main-thread time by kind)');
    report.first_chart.trace = await traceLoad('demo page', BASE_URL, SHOWN_MARK, 'trace-demo.json');
    log(`  ${JSON.stringify(report.first_chart.trace.by_kind_ms ?? report.first_chart.trace.error)} (busy ${report.first_chart.trace.main_thread_busy_ms} ms of ${Math.round(report.first_chart.trace.first_chart_ms)} ms)`);

    log('== WebAssembly compile alone, and one small request (5 loads + 1 warm-up)');
    {
      const blank = await blankPageProbes(5);
      report.wasm_compile = blank.wasm_compile;
      report.server = {
        small_request: blank.small_request,
        note: 'fetch of data/index.json (673 bytes), 10 in a row per page; on localhost this should take well under 5 ms. Around 40 ms means the server writes the head and the body separately without TCP_NODELAY and the body waits for the delayed ACK of the head (Nagle): every request on a kept-alive connection pays it, and so does every figure here that waits for files fetched one after another.',
      };
      log(`  compileStreaming (fetch + compile) ${ms(report.wasm_compile.fetch_and_compile_streaming.median)}, compile from bytes ${ms(report.wasm_compile.compile_from_bytes.median)}`);
      log(`  one small request: median ${blank.small_request.median} ms (${blank.small_request.min}–${blank.small_request.max})`);
      if (blank.small_request.median > 20) {
        findings.push(`the server takes ${blank.small_request.median} ms (median) to answer a 673-byte request on a kept-alive connection: the Nagle / delayed-ACK stall (no TCP_NODELAY; head and body written apart); every figure that fetches files in sequence includes it`);
      }
    }

    log(`== view changes (${CHANGES})`);
    {
      const ctx = await fresh();
      try {
        await ctx.page.goto(BASE_URL);
        if ((await waitForMark(ctx.page, MARK, LOAD_TIMEOUT_MS)) === null) throw new Error('the demo page drew no chart');
        await ctx.page.waitForTimeout(500);
        const t = await widgetTable(ctx.page);
        const headers = t?.head.slice(1) ?? [];
        const cols = headers.map((_, i) => (t?.rows ?? []).map((r) => {
          const v = r[i + 1]?.replace(/,/g, '');
          return /^\d+$/.test(v ?? '') ? Number(v) : null;
        }));
        // The table ends with a total row (合計): check it apart.
        const totalAt = (t?.rows ?? []).findIndex((r) => r[0] === '合計');
        const rowsOnly = (rows) => rows.filter((_, i) => i !== totalAt);
        const want = expected.categories.length
          ? expected.years.map((_, i) => expected.categories.reduce((sum, c) => sum + (c.values[i] ?? 0), 0))
          : [];
        const totals = totalAt < 0 ? null : cols.map((col) => col[totalAt]);
        const totalsOk = JSON.stringify(totals) === JSON.stringify(want);
        if (!totalsOk) problems.push(`our Compare table: total row ${JSON.stringify(totals)}, expected ${JSON.stringify(want)}`);
        report.data_check = {
          expected,
          ours: {
            headers,
            ok: checkAgainst('our Compare table', expected, rowsOnly(t?.rows ?? []).map((r) => r[0]), cols.map(rowsOnly)) && totalsOk,
            totals,
          },
        };
        await ctx.page.screenshot({ path: join(OUT_DIR, 'ours.png'), fullPage: true });
        report.view_change = await viewChanges(ctx.page);
        for (const e of ctx.errors) problems.push(`view changes: ${e}`);
      } finally {
        await ctx.context.close().catch(() => {});
      }
      const v = report.view_change.all;
      log(`  median ${v.median} ms (${v.min}–${v.max}, p90 ${v.p90}) over ${v.n} changes`);
    }

    log('== 加入年度 / Add a year: the official whole-city .xls imported in the page');
    report.import = await measureImport(5);
    log(`  open ${report.import.open_ms} ms; import ${spread(report.import.import_ms)}; drop -> listed ${spread(report.import.drop_to_listed_ms)}`);

    log(`== large synthetic data set (${dataset.documents} documents, ${LARGE_LOADS} loads + 1 warm-up each)`);
    // The city-years and files of the synthetic data set, from its manifest:
    // the default first view is the newest year of each city; the "every
    // city-year" variant names all of them in data-years (as `city.year`,
    // the form the page's ?years= and the widget's data-years take).
    const docs = JSON.parse(readFileSync(dataset.manifest, 'utf8')).documents;
    const newest = new Map();
    for (const d of docs) if (!newest.has(d.city) || d.fiscal_year > newest.get(d.city).fiscal_year) newest.set(d.city, d);
    const filePath = (d) => `/bench-data/${d.href}`;
    const everyYear = docs.map((d) => `${d.city}.${d.fiscal_year}`);
    const newestFiles = [...newest.values()].map(filePath);
    const defaultLabel = `newest year of each city (${newest.size} city-years), the rest in the background`;
    const dflt = await measureLarge(`large, default: ${defaultLabel}`, `${BASE_URL}bench/large.html`, { screenshot: 'large-default.png', firstView: newestFiles });
    const bare = await measureLarge('large, default, controls=none', `${BASE_URL}bench/large.html?controls=none`, { firstView: newestFiles });
    const yearsQuery = `years=${encodeURIComponent(everyYear.join(','))}`;
    const every = await measureLarge(
      `large, every city-year selected (${everyYear.length})`,
      `${BASE_URL}bench/large.html?${yearsQuery}`,
      { screenshot: 'large-every.png', firstView: docs.map(filePath) },
    );
    // The same documents in two collection files: the newest year of each
    // city, and the other years.
    const collectionsManifest = '/bench-data/index-collections.json';
    const [newestFile, olderFile] = dataset.collection_files.map((f) => `/bench-data/${f}`);
    const coll = await measureLarge(
      `large, collection files, default: ${defaultLabel}`,
      `${BASE_URL}bench/large.html?src=index-collections.json`,
      { manifest: collectionsManifest, firstView: [newestFile] },
    );
    const collEvery = await measureLarge(
      `large, collection files, every city-year selected (${everyYear.length})`,
      `${BASE_URL}bench/large.html?src=index-collections.json&${yearsQuery}`,
      { manifest: collectionsManifest, firstView: [newestFile, olderFile] },
    );
    // The same, without indentation.
    const compactFiles = dataset.compact_collection_files.map((f) => `/bench-data/${f}`);
    const compactManifest = `/bench-data/${basename(dataset.compact_manifest)}`;
    const collCompact = await measureLarge(
      `large, collection files without indentation, every city-year selected (${everyYear.length})`,
      `${BASE_URL}bench/large.html?src=${basename(dataset.compact_manifest)}&${yearsQuery}`,
      { manifest: compactManifest, firstView: compactFiles },
    );
    const largeTrace = await traceLoad('large, default', `${BASE_URL}bench/large.html`, MARK, 'trace-large.json', { timeout: LARGE_TIMEOUT_MS, data: '/bench-data/' });
    log(`  traced: ${JSON.stringify(largeTrace.by_kind_ms ?? largeTrace.error)} (busy ${largeTrace.main_thread_busy_ms} ms of ${Math.round(largeTrace.first_chart_ms)} ms)`);
    for (const [label, v] of [['default', dflt], ['default, controls=none', bare], ['every city-year selected', every], ['collection files, default', coll], ['collection files, every city-year selected', collEvery], ['collection files without indentation, every city-year selected', collCompact]]) {
      if (v.widget && !(v.widget.top_pixel_painted && v.widget.bottom_pixel_painted)) {
        findings.push(`large, ${label}: the chart canvas (${v.widget.canvas?.width}×${v.widget.canvas?.height}) is blank (top painted: ${v.widget.top_pixel_painted}, bottom painted: ${v.widget.bottom_pixel_painted}): past the browser's canvas size limit?`);
      }
    }
    report.large = {
      dataset: {
        title: { 'zh-TW': '合成資料（測試用）', en: 'Synthetic data (benchmark only)' },
        dir: dataset.dir,
        cities: dataset.cities,
        fiscal_years: dataset.years,
        documents: dataset.documents,
        lines_per_document: dataset.lines_per_document,
        files: dataset.files,
        bytes: dataset.bytes,
        validation: dataset.validation,
      },
      notes: [
        `Loading: with more than 24 documents the widget loads in two steps: first the files of the first view (the newest year of each city plus any city-year data-years names), then the rest in the background; when data-years names every city-year, all ${dataset.documents} documents are loaded before the first view. The loader (budget-compare.js) fetches the manifest and the first view's files while the module compiles and hands the responses to the widget (set_fetch), so each file is fetched once.`,
        'Every figure below is from manifest fetch start = the start of the FIRST fetch of bench-data/index.json (the loader\'s) unless named otherwise. Each load waits for the budget-compare:data-complete mark (up to 30 s after the first chart) before it ends.',
        'fetch_to_validated ("load + validate, first view\'s files"): -> the first budget-compare:data-validated mark (the first view\'s files fetched, parsed, validated and assembled). data_to_chart ("first chart"): -> the first budget-compare:chart-drawn mark. data_complete ("every document loaded and validated"): -> the budget-compare:data-complete mark.',
        'files_before_chart: different bench-data/ files (manifest and taxonomy included) whose response ended before the first chart-drawn mark, the loader\'s prefetches included; documents_before_chart: the same without the manifest and the taxonomy. files_fetched / bytes_fetched: different files and their bytes over the whole load; resource_entries counts every Resource Timing entry (each file once).',
        'Breakdown: data_fetch: manifest fetch start -> last file of the first view received (first_view_files: the manifest, the taxonomy and the documents of the first view); validate: that -> first data-validated mark; validate_render: that -> the chart starts drawing (first canvas getContext); fetch_to_draw_start: manifest fetch start -> the chart starts drawing; draw: chart starts drawing -> chart-drawn mark; all_files_fetch: manifest fetch start -> last bench-data/ file received.',
        'first_chart and complete_from_navigation are from navigation start (they include loading the module).',
        `default: no data-years (the newest year of each city, ${newest.size} city-years, selected; the rest loaded in the background); controls_none: the same with data-controls="none" (chart and summary, no picker, table or exports); every_city_year: data-years = all ${everyYear.length} city-years (every document loaded before the first view).`,
        `collections_default and collections_every_city_year: the same two views of the same documents, from index-collections.json, whose entries point at two collection files (${dataset.collection_files.join(', ')}): the newest year of each city, and the other years. One request per file instead of one per document.`,
        `compact_collections_every_city_year: collections_every_city_year from ${basename(dataset.compact_manifest)}, the same documents in two files without indentation (${dataset.compact_collection_files.join(', ')}), as JSON.stringify writes them; every other file of the data set is indented one space per level, like the bundled data.`,
        'complete_aggregated ("load + validate + aggregate"): manifest fetch start -> the first budget-compare:aggregated mark (the Compare tab has aggregated its selected city-years) at or after the data-complete mark. For the every-city-year variants that is every document fetched, validated and aggregated: the figure compared with the 200 ms bar (of collections_every_city_year).',
      ],
      bar: {
        large_load_validate_aggregate_ms: BARS.large_load_validate_aggregate_ms,
        compared: 'collections_every_city_year.complete_aggregated.median (manifest fetch start -> all 330 documents fetched, validated and aggregated)',
        value_ms: collEvery.complete_aggregated.median,
        one_file_per_document_ms: every.complete_aggregated.median,
      },
      default: dflt,
      trace: largeTrace,
      controls_none: bare,
      every_city_year: { ...every, years: everyYear },
      collections_default: coll,
      collections_every_city_year: collEvery,
      compact_collections_every_city_year: collCompact,
    };
    log(`  default (${newest.size} city-years first): load + validate ${spread(dflt.fetch_to_validated)}, first chart ${spread(dflt.data_to_chart)}, complete ${spread(dflt.data_complete)} from the first manifest fetch`);
    log(`  every city-year (${everyYear.length}): load + validate + aggregate ${spread(every.complete_aggregated)}, first chart ${spread(every.data_to_chart)} from the first manifest fetch`);
    log(`  collection files, default: first chart ${spread(coll.data_to_chart)}, complete ${spread(coll.data_complete)}`);
    log(`  collection files, every city-year: load + validate + aggregate ${spread(collEvery.complete_aggregated)}, first chart ${spread(collEvery.data_to_chart)}`);
    log(`  collection files without indentation, every city-year: load + validate + aggregate ${spread(collCompact.complete_aggregated)}, first chart ${spread(collCompact.data_to_chart)}`);

    log(`== a host article page, and the demo page, in Lighthouse (${LIGHTHOUSE_RUNS} runs each)`);
    report.host_article = await hostArticle();

    log('== peers (their first-chart loads ran in turns with the demo page\'s, above)');
    report.peers = {};
    for (const [i, p] of peerInfo.entries()) {
      const r = peerLoads[i];
      const data = r.runs.find((x) => x.more)?.more;
      const same = data
        ? checkAgainst(`${p.name} page`, expected, data.categories.map((c) => c.name), data.series.map((s) => s.values))
        : false;
      const ctx = await fresh();
      try {
        await ctx.page.goto(p.url);
        await waitForMark(ctx.page, PEER_MARK, LOAD_TIMEOUT_MS);
        await ctx.page.waitForTimeout(200);
        await ctx.page.screenshot({ path: join(OUT_DIR, `${p.id}.png`), fullPage: true });
      } finally {
        await ctx.context.close().catch(() => {});
      }
      report.peers[p.id] = {
        name: p.name,
        package: p.package,
        version: p.version,
        library_file: p.file,
        url: p.url,
        js: p.js,
        css: p.css,
        first_chart: r.first,
        warmup_ms: r.warmup,
        resources_median: {
          library_end: stats(r.runs.map((x) => lastEnd(findResource(x, (q) => q.includes('/lib/'))))).median,
          data_fetch_start: stats(r.runs.map((x) => firstStart(findResource(x, (q) => q.startsWith('/data/'))))).median,
          data_fetch_end: stats(r.runs.map((x) => lastEnd(findResource(x, (q) => q.startsWith('/data/'))))).median,
        },
        figures_match_bundled_data: same,
      };
    }
    report.ratios = {
      note: 'ours / theirs: below 1 means ours is smaller or faster',
      size_gzip: Object.fromEntries(Object.entries(report.peers).map(([k, v]) => [k, sizes.total.gzip / v.js.total.gzip])),
      size_raw: Object.fromEntries(Object.entries(report.peers).map(([k, v]) => [k, sizes.total.raw / v.js.total.raw])),
      first_chart: Object.fromEntries(Object.entries(report.peers).map(([k, v]) => [k, report.first_chart.first.median / v.first_chart.median])),
      first_chart_paired: Object.fromEntries(peerInfo.map((p, i) => [p.id, pairedRatio(first, peerLoads[i])])),
      first_chart_paired_note: 'the median of the per-round ratios (each round loads every page once, in turns)',
      prerendered_chart: Object.fromEntries(Object.entries(report.peers).map(([k, v]) => [k, report.first_chart.prerendered.median / v.first_chart.median])),
      prerendered_chart_paired: Object.fromEntries(peerInfo.map((p, i) => [p.id, pairedRatio(first, peerLoads[i], staticVisible)])),
      prerendered_note: 'ours: navigation -> prerendered chart visible; theirs: navigation -> first chart (they have no other)',
    };
    report.results = {
      size_gzip_kib: sizes.total.gz_file / 1024,
      size_gzip9_kib: sizes.total.gzip / 1024,
      first_chart_ms: report.first_chart.first.median,
      view_change_ms: report.view_change.all.median,
      large_load_validate_aggregate_ms: report.large.collections_every_city_year.complete_aggregated.median,
    };
    report.bars_met = Object.fromEntries(Object.entries(BARS).map(([k, bar]) => [k, report.results[k] !== null && report.results[k] <= bar]));
    ok = true;
  } finally {
    await browser.close();
    report.problems = problems;
    report.findings = findings;
    report.seconds = Math.round((Date.now() - started) / 1000);
    writeFileSync(REPORT, `${JSON.stringify(report, null, 2)}\n`);
  }
  if (ok) {
    log('');
    log(table(report));
  }
  log('');
  log(`report: ${REPORT}`);
  log(`screenshots: ${OUT_DIR}/{ours,echarts,chartjs,large-default,large-every}.png`);
  log(`(${report.seconds} s)`);
  if (findings.length) log(`\n${findings.length} finding(s) (reported, not failures):\n  ${findings.join('\n  ')}`);
  if (problems.length) {
    log(`\n${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
}

main().catch((e) => {
  console.error(`bench failed: ${e.stack || e}`);
  if (problems.length) console.error(`problems so far:\n  ${problems.join('\n  ')}`);
  process.exit(1);
});
