/**
 * The spend report webview: pending routing suggestions, summary cards, the week view (weekView.ts),
 * a daily chart, breakdowns by tier, model and task kind, and export buttons. It renders only what the extension posts, after a `ready` handshake.
 */
import type { CascadeRowMessage, FromReport, ReportRowMessage, ReviewMessageData, SpendReportMessageData } from '../../shared/reportProtocol';
import { toReportSchema } from '../../shared/reportProtocol';
import { formatTokens } from '../../core/model/tokens';
import { h } from '../dom';
import { barList, dailyChart } from './charts';
import { suggestionsView, weekView } from './weekView';

interface VsCodeApi {
  postMessage(message: FromReport): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('root')!;
const status = h('p', { class: 'status', role: 'status' });
const suggestionStatus = h('p', { class: 'status suggestion-status', role: 'status' });
let last: { report: SpendReportMessageData; demo: boolean } | undefined;
let review: ReviewMessageData | undefined;

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const parsed = toReportSchema.safeParse(event.data);
  if (!parsed.success) return;
  const message = parsed.data;
  if (message.type === 'report') {
    last = { report: message.report, demo: message.demo };
    render(message.report, message.demo);
  } else if (message.type === 'review') {
    review = message.review;
    if (last) render(last.report, last.demo);
  } else if (message.type === 'suggestionDone') suggestionStatus.textContent = message.message;
  else status.textContent = message.message;
});
vscode.postMessage({ type: 'ready' });

function onSuggestion(id: string, action: 'apply' | 'notNow' | 'never', target?: 'user' | 'team'): void {
  suggestionStatus.textContent = action === 'apply' ? 'Applying…' : '';
  vscode.postMessage({ type: 'suggestion', id, action, ...(target ? { target } : {}) });
}

function render(report: SpendReportMessageData, demo: boolean): void {
  const totals = (title: string, t: SpendReportMessageData['session']) =>
    h(
      'section',
      { class: 'card' },
      h('h2', {}, title),
      h('p', { class: 'big' }, t.cost),
      h('p', {}, `${t.requests} requests`),
      h('p', { class: 'savings' }, t.savingsPercent === null ? 'no savings to compare yet' : `saved ${t.savings} (${t.savingsPercent}%) vs all-frontier`),
      t.unpricedRequests > 0 ? h('p', { class: 'warning' }, `${t.unpricedRequests} unpriced`) : null,
      t.estimatedRequests > 0
        ? h('p', { class: 'note', title: 'Cancelled or cut off before the API reported their usage: the prompt (and any output that streamed) is estimated locally, since the API may bill a prompt it began processing.' }, `${t.estimatedRequests} estimated (${t.estimatedCost})`)
        : null,
      t.batchRequests > 0
        ? h('p', { class: 'note', title: 'Sent as Message Batches (Add Docstrings to a Folder, Write Tests for a Folder, Review the Plan as a Batch): 50% off input and output.' }, `${t.batchRequests} in batches: ${t.batchCost} at half price, saved ${t.batchSaved}`)
        : null,
    );
  root.replaceChildren(
    h('header', {}, h('h1', {}, 'Model Router — Spend'), demo ? h('span', { class: 'badge' }, 'DEMO: simulated answers, simulated spend') : null),
    (review ? suggestionsView(review, onSuggestion, suggestionStatus) : null) ?? suggestionStatus,
    h('div', { class: 'cards' }, totals('This session', report.session), totals('Today', report.today), totals('All time', report.allTime)),
    review ? weekView(review) : h('p', { class: 'note' }, 'Reading the weeks…'),
    h('h2', {}, 'Spend per day (last 30 days)'),
    dailyChart(report.days),
    h('h2', {}, 'By tier'),
    barList(report.byTier, (row) => `tier-${row.key}`),
    table('By tier', report.byTier),
    h('h2', {}, 'By model'),
    table('By model', report.byModel),
    h('h2', {}, 'By task kind'),
    barList(report.byTaskKind.slice(0, 12), () => 'kind'),
    table('By task kind', report.byTaskKind),
    h('h2', {}, 'Verified cascade'),
    cascadeTable(report.cascade),
    h(
      'div',
      { class: 'actions' },
      button('Export CSV', () => vscode.postMessage({ type: 'export', format: 'csv' })),
      button('Export JSONL', () => vscode.postMessage({ type: 'export', format: 'jsonl' })),
    ),
    status,
    h('p', { class: 'footnote' }, `Savings compare each request with what the same tokens would have cost on the frontier model. Generated ${new Date(report.generatedAt).toLocaleString()}.`),
  );
}

function table(caption: string, rows: readonly ReportRowMessage[]): HTMLTableElement {
  const header = ['', 'Requests', 'Input', 'Output', 'Thinking', 'Cache read', 'Cache write', 'Cost'];
  return h(
    'table',
    {},
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', {}, h('tr', {}, ...header.map((title) => h('th', { scope: 'col' }, title)))),
    h(
      'tbody',
      {},
      ...(rows.length === 0
        ? [h('tr', {}, h('td', { colspan: '8' }, 'No requests yet.'))]
        : rows.map((row) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, row.label),
              h('td', {}, String(row.requests)),
              h('td', {}, formatTokens(row.inputTokens)),
              h('td', {}, formatTokens(row.outputTokens)),
              h('td', { title: 'Output tokens spent thinking (part of Output), and what they cost' }, row.thinkingTokens > 0 ? `${formatTokens(row.thinkingTokens)} · ${row.thinkingCost}` : '—'),
              h('td', {}, formatTokens(row.cacheReadTokens)),
              h('td', {}, formatTokens(row.cacheWriteTokens)),
              h('td', {}, row.unpricedRequests > 0 ? `${row.cost} + ${row.unpricedRequests} unpriced` : row.cost),
            ),
          )),
    ),
  );
}

/**
 * Per task kind, how often the first tier's edit passed the editor's checks (the language server's
 * errors, the tests) and what the climbs cost against asking the tier each task ended on at once.
 */
function cascadeTable(rows: readonly CascadeRowMessage[]): HTMLElement {
  if (rows.length === 0) return h('p', { class: 'note cascade' }, 'No agent edits checked by the language server or the tests yet.');
  const header = ['', 'Tasks', 'First tier passed', 'Climbs', 'Cascade cost', 'Straight to the final tier', 'Climbs added'];
  return h(
    'table',
    { class: 'cascade' },
    h('caption', { class: 'visually-hidden' }, 'Verified cascade by task kind'),
    h('thead', {}, h('tr', {}, ...header.map((title) => h('th', { scope: 'col' }, title)))),
    h(
      'tbody',
      {},
      ...rows.map((row) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, row.label),
          h('td', {}, String(row.tasks)),
          h('td', {}, `${row.firstPassed} of ${row.tasks} (${row.firstPassedPercent}%)`),
          h('td', {}, String(row.climbs)),
          h('td', {}, row.ratio === null ? row.cost : `${row.cost} (×${row.ratio.toFixed(2)})`),
          h('td', { title: 'What the kept answers cost: each task’s last attempt, on the tier it ended on' }, row.straightCost),
          h('td', {}, row.extraCost),
        ),
      ),
    ),
  );
}

function button(label: string, onClick: () => void): HTMLButtonElement {
  const element = h('button', { type: 'button' }, label);
  element.addEventListener('click', onClick);
  return element;
}
