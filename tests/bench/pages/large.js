// Runs before ../budget-compare.js (module scripts run in document order):
// `?years=a.114,b.114` becomes the widget's data-years, `?controls=none` its
// data-controls and `?src=index-collections.json` its data-src (a manifest in
// ../bench-data/), so the bench can time the same data set by default (the
// newest year of each city first, the rest in the background), with every
// city-year named (all loaded first), without the controls and table (chart
// and summary only), and from collection files instead of one file each.
const params = new URLSearchParams(location.search);
const widget = document.querySelector('[data-budget-compare]');
for (const name of ['years', 'controls']) {
  const value = params.get(name);
  if (value) widget.setAttribute(`data-${name}`, value);
}
const src = params.get('src');
if (src && /^[\w.-]+\.json$/.test(src)) widget.setAttribute('data-src', `../bench-data/${src}`);
