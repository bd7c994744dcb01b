// A seeded generator of messages a broken or hostile webview page might post: known types with
// wrong fields, unknown types, values that are not objects, huge strings and deeply nested junk.
// Every message is invalid by construction (a valid `send` would spend money, a valid `stop`
// would abort the user's answer), and the tests check that with the protocol's own schema too.
// Huge strings travel to the page as {"$repeat": n, "of": "x"} and are built there, so the UI
// bridge does not carry megabytes; `expandInPage` is the page-side half. Seeded with the benchmarks'
// Mulberry32, so a failing run can be replayed from its seed.
import { seededRandom as seeded } from '../../../bench/stats';

/** A string of `n` characters, built in the page. */
export interface Repeat {
  readonly $repeat: number;
  readonly of: string;
}
const repeat = (n: number, of = 'x'): Repeat => ({ $repeat: n, of });

export interface FuzzOptions {
  /** Fields (by message type) whose limits a huge string must exceed, e.g. send.text ≤ 200 000. */
  readonly limits: { readonly text: number; readonly code: number };
}

/**
 * `count` messages from `seed`. Each is a JSON value with Repeat placeholders; none is a valid
 * message of the protocol whose field limits `options` gives.
 */
export function fuzzMessages(seed: number, count: number, options: FuzzOptions): unknown[] {
  const random = seeded(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const junk = (depth: number): unknown => {
    if (depth <= 0) return pick([null, 0, -1, 1e308, '', 'x', true, [], {}]);
    return random() < 0.5 ? { [pick(['a', 'type', 'text', '__proto__', 'constructor', 'id'])]: junk(depth - 1) } : [junk(depth - 1), junk(depth - 1)].slice(0, 1 + Math.floor(random() * 2));
  };
  const wrong = (): unknown => pick([42, -0.5, null, true, {}, [], [1, 2], { text: 'hi' }, junk(4)]);
  const tier = (): unknown => pick(['turbo', 'FAST', '', 42, null, ['auto']]);
  const broken: Array<() => unknown> = [
    () => ({ type: 'send', text: pick([wrong(), '', repeat(options.limits.text + 1 + Math.floor(random() * 50_000))]), tier: 'auto', chips: [] }),
    () => ({ type: 'send', text: 'hello', tier: tier(), chips: [] }),
    () => ({ type: 'send', text: 'hello', tier: 'auto', chips: pick(['file', [1, 2], { file: true }, null]) }),
    () => ({ type: 'send', text: 'hello', tier: 'auto' }),
    () => ({ type: 'draft', text: pick([wrong(), repeat(options.limits.text + 1)]), tier: 'auto', chips: [] }),
    () => ({ type: 'draft', text: 'x', tier: tier(), chips: [] }),
    () => ({ type: 'retry', id: pick([wrong(), undefined]), direction: 'up' }),
    () => ({ type: 'retry', id: 'm1', direction: pick(['sideways', 'UP', 42, null]) }),
    () => ({ type: 'feedback', id: 'm1', value: pick(['meh', 'RIGHT', 0, null]) }),
    () => ({ type: 'switchChat', id: wrong() }),
    () => ({ type: 'insert', code: pick([wrong(), repeat(options.limits.code + 1)]) }),
    () => ({ type: 'action', action: pick(['rm -rf /', 'setApiKey ', 'SHOWLOG', 42, null]), id: 'm1' }),
    () => ({ type: 'action', action: 'retry', id: wrong() }),
  ];
  const generators: Array<() => unknown> = [
    ...broken,
    () => ({ type: pick(['launchMissiles', 'SEND', 'send ', '__proto__', 'constructor', 'toString', '', 'ready\u0000']), text: 'hello' }),
    () => ({ type: pick([42, null, true, {}, ['send'], { type: 'send' }]) }),
    () => pick([null, 0, 42, 'send', '', true, [], [{ type: 'send', text: 'hi', tier: 'auto', chips: [] }]]),
    () => ({ text: 'no type at all', tier: 'auto', chips: [] }),
    () => ({ type: pick(['x', 'unknown']), payload: repeat(100_000 + Math.floor(random() * 900_000), pick(['a', 'é', '\u0000', '<'])) }),
    () => ({ type: 'send', text: junk(12), tier: 'auto', chips: [] }),
    () => junk(20),
  ];
  return Array.from({ length: count }, () => pick(generators)());
}

/**
 * A page-side expression that builds the messages and posts each one the way the page's own
 * `acquireVsCodeApi().postMessage` does: through the webview host frame's post function (the
 * content frame's `window.parent` is the frame itself, so it is reached through frameElement).
 * Evaluates to the number of messages posted.
 */
export function postFromPage(messages: readonly unknown[]): string {
  return `(() => {
    const host = window.frameElement.ownerDocument.defaultView;
    const post = host.__vscode_post_message__;
    if (typeof post !== 'function') throw new Error('the webview host has no post function');
    const messages = JSON.parse(${JSON.stringify(JSON.stringify(messages))}, (key, value) =>
      value !== null && typeof value === 'object' && typeof value.$repeat === 'number' ? value.of.repeat(value.$repeat) : value);
    for (const message of messages) post('onmessage', { message, transfer: undefined });
    return messages.length;
  })()`;
}

/** The messages as the extension receives them (Repeat placeholders expanded), for checking them. */
export function expand(messages: readonly unknown[]): unknown[] {
  return JSON.parse(JSON.stringify(messages), (_key, value: unknown) =>
    value !== null && typeof value === 'object' && typeof (value as Repeat).$repeat === 'number' ? (value as Repeat).of.repeat((value as Repeat).$repeat) : value,
  ) as unknown[];
}
