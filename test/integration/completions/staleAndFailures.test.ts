import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ok, overloaded } from '../../fakes/fakeAnthropic';
import { eventually } from '../support/eventually';
import { withFakeApi } from '../support/router';
import { selectors, ui } from '../support/ui';
import { closeAll, ghostText, openAt, quietEditor, sleep, typeKeys, waitForGhost } from './editing';

/** A slow answer: six pieces 80 ms apart, so a keystroke lands while it streams. */
const SLOW = ['.to', 'Upper', 'Case', '()', '.trim', '();'];

describe('inline completions: stale requests, failures and excluded files', () => {
  const env = withFakeApi();

  before(async () => {
    await quietEditor(true);
  });
  after(async () => {
    await closeAll();
    await quietEditor(false);
  });
  /** For a failure message: what the fake saw and how the log ends. */
  const explain = () => `The fake saw ${env.fake.requests.length} requests; the log ends:\n${env.api.log.lines().slice(-12).join('\n')}`;

  beforeEach(async () => {
    env.api.completions.clearCache();
    await vscode.commands.executeCommand('notifications.clearAll');
  });
  afterEach(closeAll);

  it('sends only a few requests for a burst of 20 keystrokes, and aborts every stale one', async () => {
    for (let i = 0; i < 20; i++) env.fake.enqueue(ok({ text: SLOW, deltaDelayMs: 80 }));
    const cancelledBefore = env.api.ledger.snapshot().session.byOutcome.cancelled;
    await openAt('src/burst.ts', 'export const label = |\n');
    // Four groups of five quick keys with short pauses: each pause lets a request out, and the
    // next group contradicts its answer (which starts with ".") while it still streams.
    for (const group of ['first', 'secon', 'third', 'fourt']) {
      await typeKeys(group);
      await sleep(group === 'fourt' ? 0 : 330);
    }
    await waitForGhost('.toUpperCase().trim();', explain);
    const requests = [...env.fake.requests];
    assert.ok(requests.length >= 2 && requests.length <= 8, `20 keystrokes sent ${requests.length} requests; expected a few (one per pause, 2-8)`);
    const stale = requests.slice(0, -1);
    const notAborted = stale.filter((request) => request.completed || request.closedAt === undefined);
    assert.deepEqual(notAborted.map((request) => request.receivedAt), [], 'every request but the last should have been cut off mid-stream');
    for (const request of stale) {
      const lived = request.closedAt! - request.receivedAt;
      assert.ok(lived < SLOW.length * 80, `a stale request lived ${lived} ms, as long as a whole answer takes`);
    }
    assert.equal(requests[requests.length - 1].completed, true, 'the last request, after the final pause, should finish');
    await eventually(() => env.api.ledger.snapshot().session.byOutcome.cancelled - cancelledBefore === stale.length || undefined, {
      what: `${stale.length} cancelled completions in the ledger`,
    });
  });

  it('gives no suggestion and no popup for an overloaded API, only a log line', async () => {
    env.fake.enqueue(overloaded());
    await openAt('src/limits.ts', 'export const retries = |\n');
    await typeKeys('max');
    await env.fake.waitForRequests(1);
    await sleep(1000); // time for a retry, a suggestion or a notification to appear
    const holes = env.fake.requests.map((request) => /retries = ([^<]*)<HOLE/.exec(JSON.stringify(request.body['messages']))?.[1] ?? JSON.stringify(request.body).slice(0, 300));
    assert.equal(env.fake.requests.length, 1, `one request, not retried; the fake saw requests at ${JSON.stringify(holes)}`);
    assert.equal(await ghostText(), '', 'no ghost text after a 529');
    // Other extensions may notify (TypeScript's "Analyzing…"); nothing may come from Model Router.
    const ours = /Model Router|overloaded/i;
    const toasts = (await ui.texts(selectors.notifications)).filter((text) => ours.test(text));
    assert.deepEqual(toasts, [], 'no notification toast after a 529');
    await vscode.commands.executeCommand('notifications.showList');
    const center = await ui.text('.notifications-center').catch(() => '');
    await vscode.commands.executeCommand('notifications.hideList');
    assert.doesNotMatch(center, ours, `nothing about the 529 in the notification center: ${center}`);
    const logged = env.api.log.lines().filter((line) => /^\[warn\] completion: no suggestion \(overloaded/.test(line));
    assert.equal(logged.length, 1, `one warning in the log; the log ends:\n${env.api.log.lines().slice(-8).join('\n')}`);
  });

  it('sends nothing from a .env file', async () => {
    env.fake.enqueue(ok({ text: ['secret-value'] }));
    await openAt('.env', 'APP_MODE=development\n|');
    await typeKeys('DEBUG=tr', 40);
    await sleep(800);
    assert.equal(env.fake.requests.length, 0, `typing in .env sent ${env.fake.requests.length} requests`);
    assert.equal(await ghostText(), '');
    assert.ok(
      env.api.log.lines().some((line) => line.includes('completions skip .env: the file matches **/.env (modelRouter.completions.exclude)')),
      'the log should say why .env gets no completions',
    );
  });
});
