// The Compare chart on Apache ECharts (dist/echarts.min.js, canvas renderer,
// no animation so that "drawn" means the final picture).
import { loadCompare, toWan, drawn, TITLE, SUBTITLE } from './common.js';

const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7'];
const data = await loadCompare();
const chart = echarts.init(document.getElementById('chart'), null, { renderer: 'canvas' });
chart.setOption({
  animation: false,
  color: PALETTE,
  title: { text: TITLE, subtext: SUBTITLE },
  legend: { top: 64 },
  tooltip: { trigger: 'item' },
  grid: { left: 8, right: 48, top: 104, bottom: 24, containLabel: true },
  xAxis: { type: 'value', name: '萬元' },
  yAxis: { type: 'category', inverse: true, data: data.categories.map((c) => c.name) },
  series: data.series.map((s) => ({
    type: 'bar',
    name: s.name,
    data: s.values.map(toWan),
    label: { show: true, position: 'right', fontSize: 10 },
  })),
});
drawn(data);
