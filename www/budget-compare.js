// budget-compare: load the widget with one script tag, no inline script.
//   <script type="module" src="budget-compare.js"></script>
//   <div data-budget-compare data-src="data/index.json" data-lang="zh-TW"></div>
// Loading the module mounts every element marked data-budget-compare.
import init, { mount } from "./pkg/budget_compare.js";

await init({ module_or_path: new URL("./pkg/budget_compare_bg.wasm", import.meta.url) });

export { mount };
