// Shared by the two peer pages: fetches the bundled documents of the
// widget's default view (Taichung 105 and Kaohsiung 105) and the taxonomy (the same files the widget reads), and computes
// the Compare view's figures in the browser, by function (the widget's
// default lens): leaves summed by their nearest `function` on the path, else
// their (own or inherited) category, pass-through categories left out, categories ordered
// by their largest figure, largest first (taxonomy order among equals), a
// category a document does not have is missing (null), never 0.

export const DOCUMENTS = ['taichung-105', 'kaohsiung-105'];
const DATA = '../data/';

async function json(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

function sumLeaves(lines, inherited, inheritedFunction, sums) {
  for (const line of lines) {
    const category = line.category ?? inherited;
    const fn = line.function ?? inheritedFunction;
    const counted = fn ?? category;
    if (line.children && line.children.length > 0) {
      sumLeaves(line.children, category, fn, sums);
    } else if (counted) {
      sums.set(counted, (sums.get(counted) ?? 0) + line.amount);
    }
  }
  return sums;
}

/// { categories: [{ id, name }], series: [{ name, values (千元, null = missing) }] }
export async function loadCompare() {
  const [taxonomy, ...documents] = await Promise.all([
    json(`${DATA}taxonomy.json`),
    ...DOCUMENTS.map((d) => json(`${DATA}${d}.json`)),
  ]);
  const sums = documents.map((d) => sumLeaves(d.budget.lines, null, null, new Map()));
  const shown = taxonomy.categories
    .map((c, order) => ({ id: c.id, name: c.name['zh-TW'], order, passThrough: !!c.pass_through }))
    .filter((c) => !c.passThrough && sums.some((s) => s.has(c.id)));
  const largest = (c) => Math.max(...sums.map((s) => s.get(c.id) ?? 0));
  shown.sort((a, b) => largest(b) - largest(a) || a.order - b.order);
  return {
    categories: shown.map(({ id, name }) => ({ id, name })),
    series: documents.map((d, i) => ({
      name: `${d.city.name['zh-TW']} ${d.fiscal_year}年 (${d.fiscal_year + 1911})`,
      values: shown.map((c) => sums[i].get(c.id) ?? null),
    })),
  };
}

/// 千元 → 萬元 for the axis, as the widget shows amounts.
export const toWan = (v) => (v === null ? null : v / 10);

export const TITLE = '勞工局預算：依共同分類比較';
export const SUBTITLE = '金額（萬元），不含社會保險補助';

/// Marks the chart as drawn and leaves the figures for the bench to check.
export function drawn(data) {
  window.__peerData = data;
  performance.mark('peer:chart-drawn');
}
