// budget-compare: one script, no inline script.
//
//   <link rel="stylesheet" href="budget-compare.css">
//   <script type="module" src="budget-compare.js"></script>
//   <div data-budget-compare data-src="data/index.json" data-lang="zh-TW"></div>
//
// Every element marked data-budget-compare is mounted, now and when added
// later; a removed one is destroyed. Pages that build their own UI import
// { mount } from this module: mount(element, options) resolves to a handle
// with update(options) and destroy(). Each widget runs in its own instance of
// the WebAssembly module (compiled once), so one widget's failure leaves the
// others and the page working.

const wasmUrl = new URL("./pkg/budget_compare_bg.wasm", import.meta.url);
const glueUrl = new URL("./pkg/budget_compare.js", import.meta.url);
const handles = new Map();
let compiled;
let instances = 0;

function compile() {
  compiled ??= WebAssembly.compileStreaming(fetch(wasmUrl)).catch(async (error) => {
    // A server that does not send application/wasm: compile from bytes.
    if (error instanceof TypeError) {
      const response = await fetch(wasmUrl);
      return WebAssembly.compile(await response.arrayBuffer());
    }
    throw error;
  });
  return compiled;
}

async function instance() {
  instances += 1;
  // The glue is fetched while the module compiles.
  const [module, glue] = await Promise.all([compile(), import(`${glueUrl}?instance=${instances}`)]);
  await glue.default({ module_or_path: module });
  return glue;
}

// Asks the browser to fetch a data set's files (the manifest, then the files
// it names) while the module compiles; the widget's own requests for the
// same URLs are then answered from that preload. Only a hint: any failure
// here is left for the widget to meet and report.
const preloaded = new Set();

function preload(url) {
  if (preloaded.has(url)) return;
  preloaded.add(url);
  const link = document.createElement("link");
  link.rel = "preload";
  link.as = "fetch";
  link.crossOrigin = "anonymous";
  link.href = url;
  document.head.append(link);
}

async function preloadData(src) {
  if (!src || !document.head) return;
  try {
    // The manifest itself is not preloaded: this read would use the preload
    // up and the widget's request would go out again anyway.
    const manifestUrl = new URL(src, document.baseURI);
    const response = await fetch(manifestUrl);
    if (!response.ok) return;
    const manifest = await response.json();
    // Like the widget (dataset::first_load): up to 24 documents are all
    // needed first; of a larger set, the newest year of each city.
    let documents = (manifest.documents || []).filter((d) => d && typeof d.href === "string");
    if (documents.length > 24) {
      const newest = new Map();
      for (const d of documents) if (!(newest.get(d.city)?.fiscal_year >= d.fiscal_year)) newest.set(d.city, d);
      documents = Array.from(newest.values());
    }
    const files = [manifest.taxonomy, manifest.reference].concat(documents.map((d) => d.href));
    for (const href of files) if (typeof href === "string") preload(new URL(href, manifestUrl).href);
  } catch {
    // The widget reports it.
  }
}

function failure(element, error) {
  const zh = !(element.getAttribute("data-lang") || "").toLowerCase().startsWith("en");
  const text = String(error && error.message || error);
  const csp = /wasm-unsafe-eval|Content Security Policy|CompileError/i.test(text);
  element.textContent = csp
    ? (zh
      ? "無法顯示圖表：此網頁的內容安全政策（Content-Security-Policy）不允許執行 WebAssembly。網站管理者請在 script-src 加入 'wasm-unsafe-eval'。"
      : "The chart cannot run: this page's Content-Security-Policy does not allow WebAssembly. Site owners: add 'wasm-unsafe-eval' to script-src.")
    : (zh ? `無法載入圖表：${text}` : `The chart could not be loaded: ${text}`);
  element.setAttribute("role", "alert");
  element.classList.add("bc-root", "bc-failed");
  console.error("budget-compare:", error);
}

function wrap(element, handle) {
  const wrapper = {
    update(options) { handle.update(options); },
    destroy() {
      if (!handles.has(element)) return;
      handles.delete(element);
      handle.destroy();
      handle.free();
    },
  };
  handles.set(element, wrapper);
  return wrapper;
}

/** Mounts a widget into `element` with an options object (the data-* names). */
export async function mount(element, options = {}) {
  handles.get(element)?.destroy();
  try {
    const glue = await instance();
    return wrap(element, glue.mount(element, options));
  } catch (error) {
    failure(element, error);
    throw error;
  }
}

async function mountMarked(element, alone) {
  if (handles.has(element)) return;
  handles.set(element, { update() {}, destroy() {} });
  try {
    const glue = await instance();
    if (!element.isConnected) { handles.delete(element); return; }
    wrap(element, glue.mount_element(element, alone));
  } catch (error) {
    handles.delete(element);
    failure(element, error);
  }
}

function marked(node) {
  if (!(node instanceof Element)) return [];
  const found = node.matches("[data-budget-compare]") ? [node] : [];
  return found.concat(Array.from(node.querySelectorAll("[data-budget-compare]")));
}

function frame() {
  const root = document.querySelector("[data-budget-compare-embed]");
  if (!root) return false;
  preloadData(new URLSearchParams(location.search).get("src"));
  instance().then((glue) => {
    handles.set(root, glue.mount_query(root, location.search));
    const report = () => parent.postMessage(
      // The content's own height (scrollHeight never drops below the frame's).
      { type: "budget-compare:height", height: document.documentElement.getBoundingClientRect().height }, "*");
    new ResizeObserver(report).observe(document.documentElement);
    report();
  }).catch((error) => failure(root, error));
  return true;
}

function start() {
  if (frame()) return;
  const initial = marked(document.documentElement);
  for (const element of initial) preloadData(element.getAttribute("data-src"));
  for (const element of initial) mountMarked(element, initial.length === 1);
  new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) for (const e of marked(node)) mountMarked(e, false);
      for (const node of record.removedNodes) {
        for (const e of marked(node)) if (!e.isConnected) handles.get(e)?.destroy();
      }
    }
  }).observe(document.documentElement, { childList: true, subtree: true });
}

compile().catch(() => {});
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", start, { once: true });
} else {
  start();
}
