// Chart.js, the report's chart library, in a chunk of its own that only pages with charts load.
// Only the bar and line charts are registered (tree shaking keeps the rest out). Chart.js sets
// its canvas size through element.style (CSSOM), which the console's CSP allows; it injects no
// <style> element.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Legend,
  Tooltip,
);

export interface ChartSpec {
  type: 'bar' | 'line';
  labels: string[];
  datasets: { label: string; data: (number | null)[]; colour: string | string[] }[];
  stacked?: boolean;
  yTitle?: string;
  /** Tick labels of the value axis (e.g. grade letters on a score axis). */
  yTicks?: (value: number) => string;
  yMin?: number;
  yMax?: number;
}

/** Draws the chart into the canvas; returns the function that destroys it. */
export function draw(canvas: HTMLCanvasElement, spec: ChartSpec): () => void {
  const chart = new Chart(canvas, {
    type: spec.type,
    data: {
      labels: spec.labels,
      datasets: spec.datasets.map((d) => ({
        label: d.label,
        data: d.data,
        backgroundColor: d.colour,
        borderColor: d.colour,
        ...(spec.type === 'line' ? { tension: 0, pointRadius: 4, stepped: false } : {}),
      })),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: { legend: { display: spec.datasets.length > 1, position: 'bottom' } },
      scales: {
        x: { stacked: spec.stacked ?? false },
        y: {
          stacked: spec.stacked ?? false,
          beginAtZero: true,
          ...(spec.yMin !== undefined ? { min: spec.yMin } : {}),
          ...(spec.yMax !== undefined ? { max: spec.yMax } : {}),
          ...(spec.yTitle ? { title: { display: true, text: spec.yTitle } } : {}),
          ticks: {
            precision: 0,
            ...(spec.yTicks ? { callback: (v: string | number) => spec.yTicks?.(Number(v)) } : {}),
          },
        },
      },
    },
  });
  return () => chart.destroy();
}
