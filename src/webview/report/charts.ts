/**
 * SVG charts for the spend report, drawn with DOM calls. Colours come from CSS classes that use
 * VS Code's chart theme variables; sizes are SVG attributes (the CSP forbids inline styles).
 */
import type { ReportRowMessage } from '../../shared/reportProtocol';
import { svg } from '../dom';

/** Vertical bars of cost per day; the tallest bar fills the height. */
export function dailyChart(days: readonly ReportRowMessage[]): SVGElement {
  const width = 600;
  const height = 160;
  const gap = 2;
  const barWidth = Math.max(2, width / Math.max(1, days.length) - gap);
  const max = Math.max(1, ...days.map((day) => day.costMicros));
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height + 18}`, class: 'chart', role: 'img', 'aria-label': 'Spend per day, last 30 days' });
  days.forEach((day, index) => {
    const barHeight = day.costMicros === 0 ? 0 : Math.max(2, (day.costMicros / max) * height);
    const x = index * (barWidth + gap);
    chart.appendChild(
      svg('rect', { x, y: height - barHeight, width: barWidth, height: barHeight, class: 'bar' }, svg('title', {}, `${day.key}: ${day.cost}, ${day.requests} requests`)),
    );
    const last = index === days.length - 1;
    if (index % 5 === 0 || last) {
      // The first and last labels hang inwards so they are never cut at the chart's edges.
      const anchor = index === 0 ? 'start' : last ? 'end' : 'middle';
      const labelX = index === 0 ? x : last ? x + barWidth : x + barWidth / 2;
      chart.appendChild(svg('text', { x: labelX, y: height + 14, class: 'axis', 'text-anchor': anchor }, day.label));
    }
  });
  return chart;
}

/** Horizontal bars, one per row, labelled with the row's cost. */
export function barList(rows: readonly ReportRowMessage[], classOf: (row: ReportRowMessage) => string): SVGElement {
  const rowHeight = 22;
  const labelWidth = 150;
  const width = 600;
  const max = Math.max(1, ...rows.map((row) => row.costMicros));
  const chart = svg('svg', { viewBox: `0 0 ${width} ${Math.max(1, rows.length) * rowHeight}`, class: 'chart', role: 'img' });
  rows.forEach((row, index) => {
    const y = index * rowHeight;
    const barWidth = row.costMicros === 0 ? 0 : Math.max(2, (row.costMicros / max) * (width - labelWidth - 90));
    chart.appendChild(svg('text', { x: 0, y: y + 15, class: 'axis' }, row.label));
    chart.appendChild(svg('rect', { x: labelWidth, y: y + 4, width: barWidth, height: rowHeight - 8, class: `bar ${classOf(row)}` }));
    chart.appendChild(svg('text', { x: labelWidth + barWidth + 6, y: y + 15, class: 'value' }, row.cost));
  });
  return chart;
}
