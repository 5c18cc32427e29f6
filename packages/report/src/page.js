// Runs inside report.html (inlined, after chart.umd.min.js): draws every chart from the
// aggregates embedded as JSON. Everything else on the page is static HTML.
(() => {
  const data = JSON.parse(document.getElementById('report-data').textContent);
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.color = '#333';
  // Animation off: the page is read and printed, and a screenshot must show the final bars.
  Chart.defaults.animation = false;

  for (const spec of data.charts) {
    const canvas = document.getElementById(spec.id);
    if (!canvas) continue;
    const category = spec.horizontal ? 'y' : 'x';
    const value = spec.horizontal ? 'x' : 'y';
    const scales = {
      [category]: {
        stacked: spec.stacked,
        ticks: { autoSkip: false },
        title: { display: Boolean(spec.categoryTitle), text: spec.categoryTitle },
      },
      [value]: {
        stacked: spec.stacked,
        beginAtZero: true,
        ticks: spec.integer ? { precision: 0 } : {},
        title: { display: Boolean(spec.valueTitle), text: spec.valueTitle },
      },
    };
    const chart = new Chart(canvas, {
      type: 'bar',
      data: {
        labels: spec.labels,
        datasets: spec.datasets.map((d) => ({
          label: d.label,
          data: d.data,
          backgroundColor: d.colour,
          borderColor: d.border || d.colour,
          borderWidth: d.border ? 1 : 0,
        })),
      },
      options: {
        indexAxis: spec.horizontal ? 'y' : 'x',
        responsive: true,
        maintainAspectRatio: false,
        plugins: {
          title: { display: true, text: spec.title, font: { size: 14, weight: 'bold' } },
          legend: { display: spec.datasets.length > 1, position: 'bottom' },
        },
        scales,
      },
    });
    canvas.dataset.drawn = String(chart.id);
  }
})();
