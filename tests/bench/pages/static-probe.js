// Prerendered-chart probe (runs before the page's own scripts, through
// playwright's addInitScript, in every counted load of the demo page). It
// records in window.__bcStatic the performance.now() at which
//   inDom   the prerendered chart (`budget-compare render`'s inline SVG,
//           written into the page by `cargo xtask dist`) is in the document;
//   frame   the first task after the next animation frame from then, i.e.
//           after the frame that could paint it.
// The bench takes "prerendered chart visible" as the first contentful
// paint when the SVG was in the document by then (it is part of that
// paint: the HTML carries it and the stylesheet is render-blocking), and
// `frame` otherwise. It changes nothing in the page.
(() => {
  const t = (window.__bcStatic = { inDom: null, frame: null });
  const found = () => document.querySelector('.bc-prerendered svg.bc-static-chart');
  const seen = () => {
    if (t.inDom !== null || !found()) return false;
    t.inDom = performance.now();
    requestAnimationFrame(() => setTimeout(() => { t.frame = performance.now(); }, 0));
    return true;
  };
  const observer = new MutationObserver(() => { if (seen()) observer.disconnect(); });
  observer.observe(document, { childList: true, subtree: true });
})();
