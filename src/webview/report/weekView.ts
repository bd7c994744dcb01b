/**
 * The spend report's week view: the routing guide's three weekly numbers (total spend, average
 * cost per session, routing-efficiency ratio) for this week and the weeks before, where the user's
 * signals say routing was too cheap or too expensive (per task kind, per kind in a folder), and the
 * suggestions those signals support, each with its evidence and Apply, Not now and Never.
 */
import type { ReviewMessageData, SignalRowMessage, SuggestionMessage, WeekMessage } from '../../shared/reportProtocol';
import { h } from '../dom';

/** What a click on a suggestion asks the extension to do. */
export type SuggestionClick = (id: string, action: 'apply' | 'notNow' | 'never', target?: 'user' | 'team') => void;

const RATIO_HELP =
  'Tasks sent to an efficient tier (fast, balanced) against how many should have gone there in hindsight, from your flags, retries, redos, overrides and failed checks. 1.00 matches hindsight; above 1 too much went to cheap tiers; below 1 too much went to frontier.';

/**
 * Suggestions whose evidence the user opened: the page is rebuilt whenever the ledger changes, and
 * an open list must not snap shut under the reader.
 */
const openEvidence = new Set<string>();

/** The suggestions, newest evidence first; an empty list renders nothing. */
export function suggestionsView(review: ReviewMessageData, onClick: SuggestionClick, status: HTMLElement): HTMLElement | null {
  if (review.suggestions.length === 0) return null;
  return h(
    'section',
    { class: 'suggestions', 'aria-label': 'Routing suggestions' },
    h('h2', {}, 'Suggested routing changes'),
    ...review.suggestions.map((suggestion) => suggestionCard(suggestion, review.canApplyToTeam, onClick)),
    status,
  );
}

function suggestionCard(suggestion: SuggestionMessage, canApplyToTeam: boolean, onClick: SuggestionClick): HTMLElement {
  const evidence = h(
    'details',
    openEvidence.has(suggestion.id) ? { open: '' } : {},
    h('summary', {}, `Evidence: ${suggestion.evidence.length} ${suggestion.evidence.length === 1 ? 'request' : 'requests'}`),
    h(
      'ul',
      { class: 'evidence' },
      ...suggestion.evidence.map((item) => h('li', {}, `${new Date(item.time).toLocaleString()} · ${item.tier} (${item.model}) · ${item.signal}`)),
    ),
  );
  evidence.addEventListener('toggle', () => {
    if (evidence.open) openEvidence.add(suggestion.id);
    else openEvidence.delete(suggestion.id);
  });
  return h(
    'article',
    { class: `suggestion ${suggestion.direction}`, 'data-id': suggestion.id },
    h('p', { class: 'suggestion-text' }, suggestion.text),
    evidence,
    h(
      'div',
      { class: 'actions' },
      button('Apply to my settings', () => onClick(suggestion.id, 'apply', 'user'), 'primary'),
      canApplyToTeam && suggestion.userOnly !== true ? button('Apply to the team file', () => onClick(suggestion.id, 'apply', 'team'), 'secondary') : null,
      button('Not now', () => onClick(suggestion.id, 'notNow'), 'secondary'),
      button('Never', () => onClick(suggestion.id, 'never'), 'secondary'),
    ),
  );
}

/** This week's three numbers, the weeks before in a table, and where the signals disagreed. */
export function weekView(review: ReviewMessageData): HTMLElement {
  const thisWeek = review.weeks[review.weeks.length - 1];
  const earlier = [...review.weeks].reverse();
  return h(
    'section',
    { class: 'weeks', 'aria-label': 'Week by week' },
    h('h2', {}, `This week (from ${thisWeek.start})`),
    h(
      'div',
      { class: 'cards' },
      numberCard('Total spend', thisWeek.spend, `${thisWeek.requests} requests${thisWeek.unpricedRequests > 0 ? `, ${thisWeek.unpricedRequests} unpriced` : ''}`, 'spend'),
      numberCard('Average cost per session', thisWeek.costPerSession, `${thisWeek.sessions} ${thisWeek.sessions === 1 ? 'session' : 'sessions'}`, 'per-session'),
      numberCard('Routing efficiency', ratioText(thisWeek), ratioDetail(thisWeek), 'efficiency', RATIO_HELP),
    ),
    h('h2', {}, 'Week by week'),
    weeksTable(earlier),
    h('h2', {}, 'Where your signals disagreed with the routing'),
    review.byKind.length === 0 && review.byFolder.length === 0
      ? h('p', { class: 'note' }, 'No signal said a tier was too cheap or too expensive in these weeks. Flag answers with “Could have been cheaper” or “Needed stronger”, or retry one tier up or down, and it shows here.')
      : signalsTable('By task kind and folder', [...review.byKind, ...review.byFolder]),
  );
}

function numberCard(title: string, value: string, detail: string, name: string, help?: string): HTMLElement {
  return h('section', { class: `card week-${name}`, ...(help ? { title: help } : {}) }, h('h3', {}, title), h('p', { class: 'big' }, value), h('p', {}, detail));
}

function ratioText(week: WeekMessage): string {
  return week.efficiencyRatio === null ? '—' : week.efficiencyRatio.toFixed(2);
}

function ratioDetail(week: WeekMessage): string {
  if (week.efficiencyRatio === null) return week.tasks === 0 ? 'no tasks yet' : 'nothing to compare yet';
  const verdict = week.efficiencyRatio > 1 ? 'too much went to cheap tiers' : week.efficiencyRatio < 1 ? 'too much went to frontier' : 'matched hindsight';
  return `${week.efficientTasks} of ${week.tasks} tasks below frontier, ${week.hindsightEfficientTasks} in hindsight: ${verdict}`;
}

function weeksTable(weeks: readonly WeekMessage[]): HTMLTableElement {
  const header = ['Week from', 'Total spend', 'Sessions', 'Per session', 'Tasks', 'Efficiency', 'Needed stronger', 'Could have been cheaper'];
  return h(
    'table',
    { class: 'weeks-table' },
    h('caption', { class: 'visually-hidden' }, 'The three numbers per week, this week first'),
    h('thead', {}, h('tr', {}, ...header.map((title) => h('th', { scope: 'col' }, title)))),
    h(
      'tbody',
      {},
      ...weeks.map((week) =>
        h(
          'tr',
          { 'data-week': week.week },
          h('th', { scope: 'row', title: week.week }, week.start),
          h('td', {}, week.spend),
          h('td', {}, String(week.sessions)),
          h('td', {}, week.costPerSession),
          h('td', {}, String(week.tasks)),
          h('td', { title: RATIO_HELP }, ratioText(week)),
          h('td', {}, count(week.tooCheap)),
          h('td', {}, count(week.tooExpensive)),
        ),
      ),
    ),
  );
}

function signalsTable(caption: string, rows: readonly SignalRowMessage[]): HTMLTableElement {
  return h(
    'table',
    { class: 'signals-table' },
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', {}, h('tr', {}, ...['', 'Tasks', 'Needed stronger', 'Could have been cheaper', 'Right'].map((title) => h('th', { scope: 'col' }, title)))),
    h(
      'tbody',
      {},
      ...rows.map((row) =>
        h('tr', { 'data-key': row.key }, h('th', { scope: 'row' }, row.label), h('td', {}, String(row.tasks)), h('td', {}, count(row.tooCheap)), h('td', {}, count(row.tooExpensive)), h('td', {}, count(row.right))),
      ),
    ),
  );
}

function count(n: number): string {
  return n === 0 ? '—' : String(n);
}

function button(label: string, onClick: () => void, kind: 'primary' | 'secondary'): HTMLButtonElement {
  const element = h('button', { type: 'button', class: kind }, label);
  element.addEventListener('click', onClick);
  return element;
}
