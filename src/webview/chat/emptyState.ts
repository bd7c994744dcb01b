/**
 * What an empty chat shows: what Model Router does, how to give it context, a few questions to try
 * (a click puts one in the input, nothing is sent until the user presses Enter) and the two
 * settings a newcomer needs. VS Code's `viewsWelcome` does not apply to webview views, so the
 * page draws its own.
 */
import type { FromChat } from '../../shared/chatProtocol';
import { h } from '../dom';

/** Fired on the empty state when a suggestion is picked; `detail` is the question's text. */
export const SUGGEST_EVENT = 'modelRouter:suggest';

/** Questions that land on different tiers, so the first answers show routing at work. */
const SUGGESTIONS: ReadonlyArray<[string, string]> = [
  ['Explain the open file', 'explain what this file does'],
  ['Write tests for it', 'write unit tests for this file'],
  ['Design something bigger', 'design a plugin architecture for this project'],
];

export function emptyState(send: (message: FromChat) => void): HTMLElement {
  const suggestion = ([label, text]: readonly [string, string]) => {
    const button = h('button', { type: 'button', class: 'suggestion', title: text }, label);
    button.addEventListener('click', () => button.dispatchEvent(new CustomEvent(SUGGEST_EVENT, { bubbles: true, detail: text })));
    return button;
  };
  const action = (label: string, which: 'setApiKey' | 'chooseTier') => {
    const button = h('button', { type: 'button' }, label);
    button.addEventListener('click', () => send({ type: 'action', action: which }));
    return button;
  };
  return h(
    'div',
    { class: 'empty' },
    h('p', {}, h('strong', {}, 'Ask anything.'), ' Model Router sends each question to the cheapest Claude tier that does it well, and every answer ends with its model, tier and cost.'),
    h('p', {}, 'The open file and your selection are attached as chips under the input; remove one with its ×. Pick a tier there for one question, or leave it on Auto.'),
    h('div', { class: 'actions' }, ...SUGGESTIONS.map(suggestion)),
    h('p', {}, 'Right-click code for the ', h('strong', {}, 'Model Router'), ' menu: Explain, Refactor, Fix, Add Docstring, Write Tests.'),
    h('div', { class: 'actions' }, action('Set API Key', 'setApiKey'), action('Choose Tier', 'chooseTier')),
  );
}
