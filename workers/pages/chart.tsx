// A server-rendered bar chart (shared/charts.ts draws the SVG): no script, first paint, any browser.
import { raw } from 'hono/html';
import { barChartSvg, type BarPoint } from '../../shared/charts';

export function BarChart(props: { series: readonly BarPoint[]; title: string; color?: string; labelEvery?: number; name?: string }) {
  return (
    <div class="chart" data-chart={props.name}>
      {raw(barChartSvg(props.series, { title: props.title, color: props.color, labelEvery: props.labelEvery }))}
    </div>
  );
}
