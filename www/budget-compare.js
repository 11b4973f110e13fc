// budget-compare: one module, no inline script of its own.
//
// The snippet for an article (docs/embedding.md): the element, and a small
// inline script that imports this module once the page has loaded and
// painted its largest content (or 3 s after the load), so nothing of the
// widget is requested before the host's own largest paint:
//
//   <div data-budget-compare data-src="data/index.json" data-lang="zh-TW"></div>
//   <script type="module">
//     const load = () => import("./budget-compare.js");
//     const later = () => { setTimeout(load, 3000); new PerformanceObserver(() => setTimeout(load)).observe({ type: "largest-contentful-paint" }); };
//     document.readyState === "complete" ? later() : addEventListener("load", later, { once: true });
//   </script>
//
// Pages whose Content-Security-Policy forbids inline scripts use
// <script type="module" src="budget-compare.js"> and
// <link rel="stylesheet" href="budget-compare.css"> instead. Where the page
// leaves the stylesheet out, the loader links it (beside itself) as soon as
// it finds a widget, so placeholders hold their place before the reader
// scrolls near.
//
// Every element marked data-budget-compare is mounted, now and when added
// later; a removed one is destroyed. Pages that build their own UI import
// { mount } from this module: mount(element, options) resolves to a handle
// with update(options) and destroy(). One instance of the WebAssembly module
// serves every widget of the page (compiled, instantiated and its glue
// fetched once), so a destroyed widget gives its memory back to it and
// mounting costs no new instance. A panic (a bug) stops that instance: each
// of its widgets is then moved to an instance of its own, so the one that
// failed fails alone and the others, and the page, keep working.

const wasmUrl = new URL("./pkg/budget_compare_bg.wasm", import.meta.url);
const cssUrl = new URL("./budget-compare.css", import.meta.url);
let stylesheet;

// The widget's stylesheet, linked once: resolves when it is in (or at once
// where the page links it already).
function styles() {
  stylesheet ??= new Promise((resolve) => {
    const linked = [...document.querySelectorAll('link[rel~="stylesheet"][href]')]
      .some((l) => l.href === cssUrl.href);
    if (linked) { resolve(); return; }
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = cssUrl.href;
    link.addEventListener("load", () => resolve(), { once: true });
    link.addEventListener("error", () => resolve(), { once: true }); // the widget still runs, unstyled
    document.head.append(link);
  });
  return stylesheet;
}
const glueUrl = new URL("./pkg/budget_compare.js", import.meta.url);
// The lazily loaded modules, each imported the first time a widget calls
// it: extras(name, ...args) calls its function `name`. One has what a
// reader opens less often ("Why the difference?", the Plans, Table and
// About tabs, SVG downloads); the import module has 加入年度 / Add a year
// (`mount_import`) with the spreadsheet readers.
const lazyModules = {};

function extras(name, ...args) {
  const file = name === "mount_import" ? "import" : "extras";
  const lazy = lazyModules[file] ??= import(new URL(`./pkg-${file}/budget_compare_${file}.js`, import.meta.url).href)
    .then(async (bindings) => {
      await bindings.default();
      bindings.set_fetch(take);
      bindings.set_extras?.(extras);
      if (bindings.add_imported) listImports(bindings);
      return bindings;
    });
  lazy.catch(() => { delete lazyModules[file]; }); // a later call tries again
  // What a reader imports (mount_import's args: element, src, lang) goes
  // to every module instance that shows data sets.
  if (file === "import") args.push((texts) => { imports.push([args[1], texts]); for (const b of importers) b.add_imported(args[1], texts); });
  return lazy.then((bindings) => bindings[name](...args));
}

// The documents readers imported this page view, [src, texts], and the
// module instances that list them (the widgets' and the extras module):
// each is given every import, those made before it came too.
const imports = [];
const importers = new Set();

function listImports(bindings) {
  importers.add(bindings);
  for (const [src, texts] of imports) bindings.add_imported(src, texts);
}

// Each widget: element -> { element, start(bindings) -> the module's handle,
// record (its instance), handle, api (what mount() resolves to), lang,
// stops (how many instances stopped under it), gone }.
const widgets = new Map();
// A widget's data set when its element names none (as the module's options).
const DEFAULT_SRC = "data/index.json";
let compiled;

function compile() {
  compiled ??= fetch(wasmUrl).then((response) => {
    if (!response.ok) throw new Error(`HTTP ${response.status} for ${wasmUrl.href}`);
    return WebAssembly.compileStreaming(response).catch(async (error) => {
      // A server that does not send application/wasm: compile from bytes.
      if (error instanceof TypeError) {
        const again = await fetch(wasmUrl);
        return WebAssembly.compile(await again.arrayBuffer());
      }
      throw error;
    });
  });
  compiled.catch(() => { compiled = undefined; }); // offline: a later widget tries again
  return compiled;
}

// The shared instance's record while it is healthy: { ready (a promise of
// the record), bindings, widgets, stopped }. Its glue is the plain URL (a
// page may <link rel=modulepreload> it); an instance made after a panic
// needs a fresh copy of the glue.
let shared;
let copies = 0;

function instantiate() {
  copies += 1;
  const url = copies === 1 ? glueUrl.href : `${glueUrl}?instance=${copies}`;
  const record = { widgets: new Set(), stopped: false };
  // The glue is fetched while the module compiles, and the stylesheet.
  record.ready = Promise.all([compile(), import(url), styles()]).then(async ([module, bindings]) => {
    await bindings.default({ module_or_path: module });
    bindings.set_fetch(take);
    bindings.set_extras(extras);
    bindings.set_loader_url(import.meta.url);
    // At once: nothing is sent to the stopped instance from here on (a
    // widget mounting meanwhile goes to a new one); its widgets move after
    // the panic has unwound.
    listImports(bindings);
    bindings.set_on_panic(() => {
      importers.delete(bindings);
      record.stopped = true;
      if (shared === record) shared = undefined;
      setTimeout(() => moveWidgets(record));
    });
    record.bindings = bindings;
    return record;
  });
  record.ready.catch(() => { if (shared === record) shared = undefined; }); // a later widget tries again
  return record;
}

function sharedInstance() {
  shared ??= instantiate();
  return shared.ready;
}

// A panic stopped `record`'s instance: nothing of it is called again. Each
// of its widgets is moved to an instance of its own, once; a widget whose
// own instance stops too says so and stays stopped.
function moveWidgets(record) {
  for (const widget of record.widgets) {
    widget.handle = undefined;
    widget.stops += 1;
    clear(widget.element);
    if (widget.stops > 1) failure(widget.element, new Error("the widget stopped (a bug: see the console)"), widget.lang);
    else run(widget, instantiate().ready).catch(() => {});
  }
  record.widgets.clear();
}

// Takes what a stopped or failed widget left in its element away (a
// prerendered view stays).
function clear(element) {
  if (prerendered(element)) {
    for (const node of element.querySelectorAll(":scope > :not(.bc-prerendered)")) node.remove();
  } else {
    element.replaceChildren();
  }
  element.classList.remove("bc-failed");
  element.removeAttribute("role");
}

// Starts `widget` on the instance `ready` brings: its handle, or a failure
// said in its element.
async function run(widget, ready) {
  try {
    let record = await ready;
    if (widget.gone) return;
    if (!widget.element.isConnected && !widget.mounted) { forget(widget); return; }
    // Stopped by a panic while this widget waited: the next shared one.
    if (record.stopped) record = await sharedInstance();
    widget.record = record;
    record.widgets.add(widget);
    widget.handle = widget.start(record.bindings);
  } catch (error) {
    widget.record?.widgets.delete(widget);
    widget.record = undefined;
    failure(widget.element, error, widget.lang);
    waiting.add(widget);
    throw error;
  }
}

// Widgets whose module could not be loaded (offline, say): tried again
// when the browser is back online, or mounted again.
const waiting = new Set();

function retry(widget) {
  waiting.delete(widget);
  clear(widget.element);
  widget.ready = run(widget, sharedInstance());
  widget.ready.catch(() => {});
}

addEventListener("online", () => { for (const widget of [...waiting]) retry(widget); });

function forget(widget) {
  widget.gone = true;
  waiting.delete(widget);
  if (widgets.get(widget.element) === widget) widgets.delete(widget.element);
  widget.record?.widgets.delete(widget);
}

// Calls the module's handle of `widget`, if it has a live one; a call into
// an instance a panic stopped (between the panic and the move) does nothing.
function call(widget, method, ...args) {
  if (!widget.handle || widget.record?.stopped) return;
  try {
    widget.handle[method](...args);
  } catch (error) {
    console.error("budget-compare:", error);
  }
}

// A widget in `element`, started by `start(bindings)` on the shared
// instance; `mounted`: made by mount() (which resolves to a handle).
function create(element, start, lang, mounted) {
  const widget = { element, start, lang, mounted, stops: 0, gone: false, holders: 0 };
  widgets.set(element, widget);
  widget.ready = run(widget, sharedInstance());
  return widget;
}

// Takes `widget` away: its module handle destroyed, its element as before.
function destroyWidget(widget) {
  const handle = widget.handle;
  forget(widget);
  if (handle && !widget.record?.stopped) {
    call(widget, "destroy");
    try { handle.free(); } catch { /* a stopped instance */ }
  } else if (widget.element.classList.contains("bc-failed")) {
    clear(widget.element);
    widget.element.classList.remove("bc-root");
  }
  widget.handle = undefined;
}

// A handle on `widget` for one holder (each mount() call gets its own): the
// widget goes when every holder has destroyed its handle, so a framework
// that mounts twice and destroys the first (React's StrictMode) keeps one.
function holder(widget) {
  widget.holders += 1;
  let gone = false;
  return {
    update(options) {
      if (gone || widget.gone) { console.warn("budget-compare: update() after destroy() does nothing"); return; }
      if (options && typeof options.lang === "string") widget.lang = options.lang;
      call(widget, "update", options);
    },
    destroy() {
      if (gone || widget.gone) { console.warn("budget-compare: destroy() was called already"); return; }
      gone = true;
      widget.holders -= 1;
      if (widget.holders === 0) destroyWidget(widget);
    },
  };
}

// Data files by URL, each fetched once for every widget of the page that
// asks for it while it is on its way or for KEEP_MS after it came (a dozen
// widgets on one page; a single-page site mounting one as readers move
// between articles): url -> the fetch's promise; each taker gets a copy of
// the response. Requested as soon as a widget's data-src is known (while
// the module compiles: prefetch) or when the module asks (take: the module
// is handed `take` as its fetch function by set_fetch). A request, its body
// read whole, gives up after its widget's timeout (data-timeout, in
// seconds), 15 s by default. A failure is not kept: the next widget, or the
// module's retry, asks again.
const responses = new Map();
const KEEP_MS = 30000;
const TIMEOUT_MS = 15000;

function request(url, timeout = TIMEOUT_MS) {
  let pending = responses.get(url);
  if (!pending) {
    // The timeout covers the answer and its body, then stops: a body kept
    // for later takers is read whole here, not left to a running timer.
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error(`no answer in ${Math.round(timeout / 1000)} s (timed out)`)), timeout);
    pending = fetch(url, { signal: controller.signal })
      .then(async (response) => ({
        // A Blob: read once, shared by every taker without a copy.
        body: response.ok ? await response.blob() : null,
        response,
      }))
      .catch((error) => { throw controller.signal.aborted ? controller.signal.reason : error; })
      .finally(() => clearTimeout(timer));
    responses.set(url, pending);
    const forget = () => { if (responses.get(url) === pending) responses.delete(url); };
    pending.then(({ body }) => (body ? setTimeout(forget, KEEP_MS) : forget()), forget);
  }
  // Each taker its own response: the bytes again, or the failure as it came.
  return pending.then(({ body, response }) => (body
    ? new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers })
    : response.clone()));
}

function prefetch(url, timeout) {
  request(url, timeout).catch(() => {}); // a failure is the widget's to report
}

// A widget's timeout option (seconds) in ms; undefined if not a good one
// (the module names the bad value).
function timeoutOf(seconds) {
  const s = Number(seconds);
  return Number.isInteger(s) && s >= 1 && s <= 600 ? s * 1000 : undefined;
}

function take(url, timeout) {
  return request(new URL(url, document.baseURI).href, timeout);
}

// `first`: what the first view asks for (firstView): `years`, city-years
// ("kaohsiung.106,taichung.109"), and `every`, all years (Over time).
async function prefetchData(src, first = {}) {
  if (!src) return;
  try {
    const manifestUrl = new URL(src, document.baseURI).href;
    const response = await request(manifestUrl, first.timeout);
    if (!response.ok) return;
    const manifest = await response.json();
    // Like the widget (dataset::first_load): the latest year every city
    // has, the newest year of each city and the city-years of `years`; all
    // of a set of up to 24 where the first view shows every year (Over
    // time, or one city). Several entries may share a file (a collection):
    // prefetch() asks for each URL once.
    const documents = (manifest.documents || []).filter((d) => d && typeof d.href === "string");
    const wanted = new Set(String(first.years || "").split(",").map((y) => y.trim()));
    const byCity = new Map();
    for (const d of documents) (byCity.get(d.city) ?? byCity.set(d.city, []).get(d.city)).push(d.fiscal_year);
    const cities = [...byCity.values()];
    const shared = cities.length < 2 ? [] : cities[0].filter((y) => cities.every((ys) => ys.includes(y)));
    const common = shared.length ? Math.max(...shared) : undefined;
    const all = (first.every || common === undefined) && documents.length <= 24;
    const needed = documents.filter((d) => all || d.fiscal_year === common
      || Math.max(...byCity.get(d.city)) === d.fiscal_year
      || wanted.has(`${d.city}.${d.fiscal_year}`));
    const files = [manifest.taxonomy, manifest.reference].concat(needed.map((d) => d.href));
    for (const href of files) if (typeof href === "string") prefetch(new URL(href, manifestUrl).href, first.timeout);
  } catch {
    // The widget meets and reports whatever went wrong.
  }
}

// A prerendered view (`budget-compare render`) names the data files the
// widget needs first (data-files, relative to its manifest `src`): they are
// fetched now, not once the manifest has been read, which the browser does
// only after painting the prerendered view.
function prefetchNamed(element, src) {
  const files = prerendered(element)?.dataset.files;
  if (!files || !src) return;
  const manifestUrl = new URL(src, document.baseURI);
  const timeout = timeoutOf(element.getAttribute("data-timeout"));
  for (const file of files.split(" ")) if (file) prefetch(new URL(file, manifestUrl).href, timeout);
}

// What a widget's first view asks for (ui::permalink::wanted): the
// city-years of its `years` option and, when it keeps its state in the URL
// hash, of the hash's `sel` and `plans`; every year when it opens on Over
// time (the hash's view after the option's). `option(name)` reads the
// widget's options (data-* attributes or mount()'s object); `alone`: the
// page's only marked widget, whose permalink is on unless turned off.
function firstView(option, alone) {
  const permalink = String(option("permalink") ?? "").trim();
  const years = [option("years")];
  let view = option("view");
  if (permalink === "on" || permalink === "true" || (alone && permalink !== "off" && permalink !== "false")) {
    const hash = new URLSearchParams(location.hash.slice(1));
    years.push(...hash.getAll("sel"), ...hash.getAll("plans"));
    view = hash.getAll("view").at(-1) ?? view;
  }
  return {
    years: years.filter(Boolean).join(","),
    every: String(view ?? "").trim() === "over-time",
    timeout: timeoutOf(option("timeout")),
  };
}

// A prerendered view (`budget-compare render`) among an element's children.
function prerendered(element) {
  return element.querySelector(":scope > .bc-prerendered");
}

// Says why the widget cannot run, in the widget's language (`lang`, else
// the element's data-lang or its prerendered view's) and in the widget's
// style: below a prerendered view (the reader keeps its figures; only the
// interactive chart is missing), else instead of the element's content.
function failure(element, error, lang) {
  const tag = lang || element.getAttribute("data-lang") || prerendered(element)?.lang || "";
  const zh = !String(tag).toLowerCase().startsWith("en");
  const text = String(error && error.message || error);
  const csp = /wasm-unsafe-eval|Content Security Policy|CompileError/i.test(text);
  const message = csp
    ? (zh
      ? "無法顯示圖表：此網頁的內容安全政策（Content-Security-Policy）不允許執行 WebAssembly。網站管理者請在 script-src 加入 'wasm-unsafe-eval'。"
      : "The chart cannot run: this page's Content-Security-Policy does not allow WebAssembly. Site owners: add 'wasm-unsafe-eval' to script-src.")
    : (zh ? `無法載入圖表：${text}` : `The chart could not be loaded: ${text}`);
  clear(element);
  const note = document.createElement("p");
  note.className = "bc-failure-note";
  note.setAttribute("role", "alert");
  note.lang = zh ? "zh-TW" : "en";
  note.textContent = message;
  element.append(note);
  element.classList.remove("bc-mounting");
  element.classList.add("bc-root", "bc-failed");
  console.error("budget-compare:", error);
}

/**
 * Mounts a widget into `element` with an options object (the data-* names).
 * An element that holds a widget already keeps it, with these options
 * applied where they differ: never two widgets in one element. Each call
 * resolves to a handle of its own, and the widget goes when every handle
 * has been destroyed, so a framework that mounts, cleans up and mounts again
 * (React's StrictMode) ends with one widget whichever handle it keeps.
 */
export function mount(element, options = {}) {
  const existing = widgets.get(element);
  if (existing && !existing.gone) {
    if (waiting.has(existing)) retry(existing);
    const handle = holder(existing);
    return existing.ready.then(() => {
      if (JSON.stringify(options) !== JSON.stringify(existing.options)) {
        existing.options = options;
        call(existing, "update", options);
      }
      return handle;
    });
  }
  prefetchData(options.src, firstView((name) => options[name], false));
  const widget = create(element, (bindings) => bindings.mount(element, options), options.lang, true);
  widget.options = options;
  const handle = holder(widget);
  return widget.ready.then(() => handle);
}

function mountMarked(element, alone) {
  if (widgets.has(element)) return;
  create(element, (bindings) => bindings.mount_element(element, alone), undefined, false).ready.catch(() => {});
}

function marked(node) {
  if (!(node instanceof Element)) return [];
  const found = node.matches("[data-budget-compare]") ? [node] : [];
  return found.concat(Array.from(node.querySelectorAll("[data-budget-compare]")));
}

function frame() {
  const root = document.querySelector("[data-budget-compare-embed]");
  if (!root) return false;
  const query = new URLSearchParams(location.search);
  // The page carries the default view of data/index.json prerendered: a
  // query that asks for anything else (another view, language, data set,
  // selection, theme…) is not what it shows, so it goes.
  const fragment = prerendered(root);
  const same = { src: DEFAULT_SRC, view: fragment?.dataset.view, lang: fragment?.lang };
  if ([...query].some(([k, v]) => same[k] !== v)) fragment?.remove();
  else prefetchNamed(root, DEFAULT_SRC);
  const report = () => parent.postMessage(
    // The content's own height (scrollHeight never drops below the frame's).
    { type: "budget-compare:height", height: document.documentElement.getBoundingClientRect().height }, "*");
  // From the first view on: the prerendered one, then the widget.
  new ResizeObserver(report).observe(document.documentElement);
  // Lazy inside its frame as on a page: the observer's viewport is the top
  // page's, so a frame far below the fold waits for the reader too.
  near(root).then(() => {
    prefetchData(query.get("src"), { years: query.get("years"), every: query.get("view") === "over-time", timeout: timeoutOf(query.get("timeout")) });
    return create(root, (bindings) => bindings.mount_query(root, location.search), query.get("lang"), false).ready;
  }).then(report, () => {});
  return true;
}

// Lazy by default, like <iframe loading=lazy>: a widget further than about
// one viewport from being seen fetches nothing (no module, no glue, no
// data) until the reader scrolls near it; `data-loading="eager"` loads it at
// once. A widget in view starts once the browser has laid it out, painted
// the host and is idle (the observer's first report comes after the first
// frame; the idle callback after it is on screen), so its requests never
// go ahead of what the host's first paint needs.
function near(element) {
  const eager = (element.getAttribute("data-loading") || "").trim() === "eager";
  if (eager || typeof IntersectionObserver !== "function") return Promise.resolve();
  return new Promise((resolve) => {
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        observer.disconnect();
        idle(resolve);
      }
    }, { rootMargin: "100% 0px" });
    observer.observe(element);
  });
}

function idle(then) {
  if (typeof requestIdleCallback === "function") requestIdleCallback(() => then(), { timeout: 500 });
  else setTimeout(then, 0);
}

function start() {
  if (frame()) return;
  const initial = marked(document.documentElement);
  if (initial.length) styles();
  for (const element of initial) {
    near(element).then(() => {
      prefetchNamed(element, element.getAttribute("data-src") || DEFAULT_SRC);
      prefetchData(element.getAttribute("data-src"), firstView((name) => element.getAttribute(`data-${name}`), initial.length === 1));
      mountMarked(element, initial.length === 1);
    });
  }
  new MutationObserver((records) => {
    for (const record of records) {
      // A widget's own rendering is not the page adding or removing widgets.
      const host = record.target instanceof Element && record.target.closest("[data-budget-compare]");
      if (host && widgets.has(host)) continue;
      for (const node of record.addedNodes) {
        for (const e of marked(node)) near(e).then(() => { if (e.isConnected) mountMarked(e, false); });
      }
      for (const node of record.removedNodes) {
        for (const e of marked(node)) {
          const widget = widgets.get(e);
          if (widget && !e.isConnected && !widget.gone) destroyWidget(widget);
        }
      }
    }
  }).observe(document.documentElement, { childList: true, subtree: true });
}

// Mounting waits for the page; the module is fetched when a widget is near.
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", start, { once: true });
} else {
  start();
}
