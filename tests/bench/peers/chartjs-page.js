// The Compare chart on Chart.js (dist/chart.umd.js), horizontal grouped bars,
// no animation so that "drawn" means the final picture.
import { loadCompare, toWan, drawn, TITLE, SUBTITLE } from './common.js';

const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7'];
const data = await loadCompare();
new Chart(document.getElementById('chart'), {
  type: 'bar',
  data: {
    labels: data.categories.map((c) => c.name),
    datasets: data.series.map((s, i) => ({
      label: s.name,
      data: s.values.map(toWan),
      backgroundColor: PALETTE[i % PALETTE.length],
    })),
  },
  options: {
    indexAxis: 'y',
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    plugins: {
      title: { display: true, text: TITLE },
      subtitle: { display: true, text: SUBTITLE },
      legend: { position: 'top' },
    },
    scales: { x: { title: { display: true, text: '萬元' } } },
  },
});
drawn(data);
