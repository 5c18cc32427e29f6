// Charts are not drawn here: each section adds a spec and a canvas, and page.js draws every spec
// from the JSON block with the inlined Chart.js.
import { h, type SafeHtml } from './html.ts';

export interface ChartDataset {
  label: string;
  data: number[];
  colour: string;
  border?: string;
}

export interface ChartSpec {
  id: string;
  title: string;
  horizontal: boolean;
  stacked: boolean;
  integer: boolean;
  labels: string[];
  datasets: ChartDataset[];
  categoryTitle?: string;
  valueTitle?: string;
}

/** Collects chart specs while sections render, so the JSON block holds exactly the drawn charts. */
export class Charts {
  readonly specs: ChartSpec[] = [];
  figure(spec: ChartSpec, heightPx: number, describedBy?: string): SafeHtml {
    this.specs.push(spec);
    const described = describedBy ? h` aria-describedby="${describedBy}"` : '';
    // The canvas's text is its fallback for browsers without canvas and for screen readers.
    return h`<figure class="chart"><div class="chart-box" style="height:${heightPx}px"><canvas id="${spec.id}" role="img" aria-label="${spec.title}"${described}>${spec.title}</canvas></div></figure>`;
  }
}
