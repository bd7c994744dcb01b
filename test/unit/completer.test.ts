import assert from 'node:assert/strict';
import type { CompletionRequest } from '../../src/core/completions/completer';
import { Completer } from '../../src/core/completions/completer';
import type { Hole } from '../../src/core/completions/hole';
import { holeAt } from '../../src/core/completions/hole';
import { Engine } from '../../src/core/engine';
import { Ledger } from '../../src/core/spend/ledger';
import { MemoryLedgerStore } from '../../src/core/spend/ledgerStore';
import { OverrideState } from '../../src/core/routing/overrides';
import type { Policy } from '../../src/core/routing/policy';
import { DEFAULT_POLICY, parsePolicy } from '../../src/core/routing/policy';
import { HOLE } from '../../src/core/prompts/completionPrompt';
import { createAnthropicClient } from '../../src/llm/anthropicClient';
import type { FakeAnthropic } from '../fakes/fakeAnthropic';
import { ok, overloaded, startFakeAnthropic } from '../fakes/fakeAnthropic';
import { waitFor } from './llmTestKit';

const BODY = 'export function total(items: Item[]): number {\n  const sum = ';
const hole = (prefix: string): Hole => holeAt(prefix, '\n}\n', { prefixChars: 6000, suffixChars: 2000 });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Completer against the fake API', () => {
  let fake: FakeAnthropic;
  let ledger: Ledger;
  let policy: Policy;
  let hasKey: boolean;
  let logs: string[];
  let editor: Hole | undefined;
  let clock: number;
  let completer: Completer;

  before(async () => {
    fake = await startFakeAnthropic();
  });
  after(async () => fake.close());

  beforeEach(() => {
    fake.reset();
    ledger = new Ledger({ store: new MemoryLedgerStore(), sessionId: 's1' });
    policy = DEFAULT_POLICY;
    hasKey = true;
    logs = [];
    editor = undefined;
    clock = 0;
    const client = createAnthropicClient({ apiKey: fake.apiKey, baseURL: fake.url, maxRetries: 0 });
    const log = { info: (m: string) => logs.push(`info ${m}`), warn: (m: string) => logs.push(`warn ${m}`), error: (m: string) => logs.push(`error ${m}`) };
    const engine = new Engine({ policy: () => policy, budget: () => ({ onExceed: 'warn' }), prices: () => ({}), ledger, overrides: new OverrideState(), client: async () => (hasKey ? client : undefined), log });
    completer = new Completer({ run: (options) => engine.run(options), debounceMs: () => 30, currentHole: () => editor, log, graceMs: 150, now: () => clock });
  });
  afterEach(() => completer.dispose());

  /** A provider call at `prefix`, as VS Code makes one: the editor is there, with its own signal. */
  function call(prefix: string, signal = new AbortController().signal, extra: Partial<CompletionRequest> = {}) {
    editor = hole(prefix);
    return completer.provide({ documentKey: 'file:///w/src/total.ts', path: 'src/total.ts', languageId: 'typescript', hole: editor, ...extra }, signal);
  }

  it('asks the fast tier with the hole-filler prompt and records the request', async () => {
    fake.enqueue(ok({ text: ['items.reduce((a, b) => a + b, 0);'] }));
    const suggestion = await call(BODY);
    assert.equal(suggestion?.text, 'items.reduce((a, b) => a + b, 0);');
    assert.equal(suggestion?.source, 'request');
    const sent = fake.requests[0];
    assert.equal(sent.model, 'claude-haiku-5-5', 'completions go to the fast tier');
    assert.equal(sent.body['max_tokens'], 64);
    assert.deepEqual(sent.body['stop_sequences'], ['\n', '</file>']);
    assert.match(JSON.stringify(sent.body['messages']), new RegExp(`const sum = ${HOLE}`));
    const session = ledger.snapshot().session;
    assert.equal(session.byTaskKind.get('completion')?.requests, 1, 'the request is in the ledger as a completion');
    assert.equal(session.byOutcome.ok, 1);
    assert.ok(suggestion?.recordId, 'the suggestion carries its ledger id, for the outcomes');
  });

  it('lets the policy send a multi-line completion in sensitive code to balanced', async () => {
    fake.enqueue(ok({ text: ['return verify(token);'] }), ok({ text: ['verify(token);'] }));
    const request = { path: 'src/auth/session.ts', documentKey: 'file:///w/src/auth/session.ts' };
    await call('export function check(token: string) {\n  ', undefined, request);
    await call('export function check(token: string) {\n  const valid = ', undefined, request);
    assert.deepEqual(fake.requests.map((r) => r.model), ['claude-sonnet-5-5', 'claude-haiku-5-5'], 'a block body in auth code goes up; the rest of a line does not');
    assert.equal(fake.requests[0].body['max_tokens'], 256, 'a block body may span lines');
  });

  it('serves the same hole, and typing through an answer, from the cache', async () => {
    fake.enqueue(ok({ text: ['items.length;'] }));
    await call(BODY);
    const again = await call(BODY);
    const through = await call(`${BODY}items.`);
    assert.equal(fake.requests.length, 1, 'no new request for a cached hole');
    assert.deepEqual([again?.text, again?.source], ['items.length;', 'cache']);
    assert.deepEqual([through?.text, through?.source], ['length;', 'cache']);
  });

  it('sends nothing while keystrokes come faster than the debounce', async () => {
    fake.enqueue(ok({ text: ['items.length;'] }));
    let previous = new AbortController();
    const calls: Promise<unknown>[] = [];
    for (const typed of ['i', 'it', 'ite', 'item', 'items']) {
      previous.abort();
      previous = new AbortController();
      calls.push(call(BODY + typed, previous.signal));
      await sleep(10);
    }
    const results = await Promise.all(calls);
    assert.equal(fake.requests.length, 1, `only the last keystroke should send; the fake saw ${fake.requests.length}`);
    assert.deepEqual(results.slice(0, 4), [undefined, undefined, undefined, undefined]);
  });

  it('reuses a request in flight when what was typed since still matches its answer', async () => {
    fake.enqueue(ok({ text: ['items.', 'length;'], latencyMs: 150 }));
    const first = new AbortController();
    const pending = call(BODY, first.signal);
    await fake.waitForRequests(1);
    editor = hole(`${BODY}it`);
    first.abort(); // the keystroke: VS Code cancels the first call...
    const second = await call(`${BODY}it`); // ...and asks again at the new cursor
    assert.equal(await pending, undefined);
    assert.deepEqual([second?.text, second?.source], ['ems.length;', 'inFlight']);
    assert.equal(fake.requests.length, 1, 'the request in flight was reused, not sent again');
    assert.equal(fake.requests[0].completed, true);
  });

  it('aborts a request at once when what was typed can no longer match, and bills only what streamed', async () => {
    const chunks = ['items', '.reduce(', '(a, b)', ' => a', ' + b', ', 0);', ' // sum', ' of', ' all'];
    fake.enqueue(ok({ text: chunks, deltaDelayMs: 60 }));
    const first = new AbortController();
    const pending = call(BODY, first.signal);
    await fake.waitForRequests(1);
    await sleep(150); // the first pieces have streamed
    editor = hole(`${BODY}0`);
    const cancelledAt = Date.now();
    first.abort();
    assert.equal(await pending, undefined);
    await waitFor(() => fake.requests[0].closedAt !== undefined, 'the fake to see its socket close');
    const request = fake.requests[0];
    assert.equal(request.completed, false, 'the stream must be cut, not read to the end');
    // Closed before the fake's last piece was due (one every 60 ms), not when the answer ran out.
    const lastPieceDue = request.receivedAt + chunks.length * 60;
    assert.ok(request.closedAt! < lastPieceDue, `the socket closed ${request.closedAt! - cancelledAt} ms after the keystroke, after the whole answer was due`);
    await waitFor(() => ledger.snapshot().session.byOutcome.cancelled === 1, 'the cancelled request in the ledger');
    const billed = ledger.snapshot().session.usage.outputTokens;
    const full = Math.ceil(chunks.join('').length / 4);
    assert.ok(billed > 0 && billed < full, `billed ${billed} output tokens; the whole answer is ${full}`);
    assert.equal(completer.stats.aborted, 1);
    assert.ok(logs.some((line) => /completion request aborted \(stale/.test(line)), logs.join('\n'));
  });

  it('aborts a request nobody comes back for once its grace period ends', async () => {
    fake.enqueue(ok({ text: ['items.length;'], latencyMs: 1000 }));
    const first = new AbortController();
    const pending = call(BODY, first.signal);
    await fake.waitForRequests(1);
    first.abort(); // cancelled with the cursor still there: it might be joined, for a while
    await pending;
    await waitFor(() => fake.requests[0].closedAt !== undefined, 'the unused request to be aborted');
    assert.equal(fake.requests[0].completed, false);
    assert.ok(logs.some((line) => line.includes('aborted (unused)')), logs.join('\n'));
  });

  it('gives no suggestion and one log line for an overloaded API, without retrying, then pauses', async () => {
    fake.enqueue(overloaded(), ok({ text: ['items.length;'] }));
    assert.equal(await call(BODY), undefined);
    assert.equal(fake.requests.length, 1, 'a completion is never retried: the user has moved on');
    assert.ok(logs.some((line) => /^warn completion: no suggestion \(overloaded: .*\); next request in 2 s/.test(line)), logs.join('\n'));
    assert.equal(await call(`${BODY}it`), undefined, 'within the pause nothing is sent');
    assert.equal(fake.requests.length, 1);
    clock += 2000;
    assert.equal((await call(`${BODY}ite`))?.text, 'items.length;', 'after the pause completions resume');
    assert.equal(fake.requests.length, 2);
  });

  it('asks one tier up when the answer fails the local check, and only where the policy allows', async () => {
    fake.enqueue(ok({ text: ['compute(items'] }), ok({ text: ['compute(items);'] }));
    const escalated = await call(BODY);
    assert.deepEqual(fake.requests.map((r) => r.model), ['claude-haiku-5-5', 'claude-sonnet-5-5']);
    assert.equal(escalated?.text, 'compute(items);');
    assert.equal(ledger.snapshot().session.byOutcome.escalated, 1);

    fake.reset();
    policy = parsePolicy({ escalation: { maxSteps: 0 } }).policy;
    fake.enqueue(ok({ text: ['compute(items'] }));
    assert.equal(await call(`${BODY}x + `), undefined, 'a failed answer is dropped when it may not climb');
    assert.equal(fake.requests.length, 1);
    assert.ok(logs.some((line) => line.includes('completion dropped: Completion leaves a bracket open')), logs.join('\n'));
  });

  it('never asks for a key: without one it logs once and suggests nothing', async () => {
    hasKey = false;
    assert.equal(await call(BODY), undefined);
    assert.equal(await call(`${BODY}x`), undefined);
    assert.equal(logs.filter((line) => line.includes('no API key')).length, 1, logs.join('\n'));
    assert.equal(fake.requests.length, 0);
  });
});
