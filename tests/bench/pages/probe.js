// Timing probe (classic script, runs before the widget). It records in
// window.__bcProbe the performance.now() at which
//   status     the widget's loading status first appears (.bc-status: the
//              module is compiled and instantiated, the widget mounted, the
//              data not there yet);
//   drawStart  a canvas first asks for its 2D context (plotters' canvas
//              backend, at the start of drawing the first chart: by then the
//              data is fetched, parsed, validated and assembled, the figures
//              computed and the views rendered into the DOM);
//   ready      the widget's UI (.bc-widget) is seen in the DOM; the widget
//              renders it and draws the chart in one task, so this comes
//              after the chart-drawn mark, not before;
//   error      an error box appears.
// It also raises the Resource Timing buffer (250 entries by default) so
// that every data file of a large data set is listed. The bench loads it on
// its own pages with a script tag and on the demo page through playwright's
// addInitScript (only in the "breakdown" loads, never in the loads it
// reports as "first chart").
(() => {
  performance.setResourceTimingBufferSize(5000);
  const t = (window.__bcProbe = { status: null, drawStart: null, ready: null, error: null });
  const getContext = HTMLCanvasElement.prototype.getContext;
  HTMLCanvasElement.prototype.getContext = function (...args) {
    if (t.drawStart === null) t.drawStart = performance.now();
    return getContext.apply(this, args);
  };
  const observer = new MutationObserver(() => {
    const now = performance.now();
    if (t.status === null && document.querySelector('.bc-status')) t.status = now;
    if (t.ready === null && document.querySelector('.bc-widget')) t.ready = now;
    if (t.error === null && document.querySelector('.bc-failed, [data-budget-compare] > .bc-error')) t.error = now;
    if (t.ready !== null) observer.disconnect();
  });
  observer.observe(document, { childList: true, subtree: true });
})();
