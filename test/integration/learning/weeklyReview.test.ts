// The weekly routing review in the real VS Code: explanations asked through the fake API and flagged
// "could have been cheaper", and an earlier week written straight into the ledger's files; the spend
// report shows the three numbers for this week and that week, and where the signals disagreed; the
// suggestion is in the status bar's tooltip and the menu; Apply routes the next explanation to fast with
// the rule's origin in its reasons; with the rule removed the suggestion comes back and Never hides it.
// Screenshots of the report in light, dark and high-contrast themes.
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { RECENT_TASKS } from '../../../src/core/learning/suggestions';
import { weekOf, weekStart } from '../../../src/core/learning/weeks';
import { formatUsd } from '../../../src/core/money';
import type { TaskKind } from '../../../src/core/routing/taskKinds';
import type { Tier } from '../../../src/core/routing/tiers';
import { parseLedgerLine } from '../../../src/core/spend/spendRecord';
import { monthFileName } from '../../../src/node/monthlyLedgerStore';
import { ok } from '../../fakes/fakeAnthropic';
import { THEMES, assertReadable } from '../support/contrast';
import { eventually } from '../support/eventually';
import { neverPendingSuggestions } from '../support/learning';
import { resetSettings, STATUS_ITEM, withFakeApi } from '../support/router';
import type { ModelRouterApi } from '../../../src/extension';
import { ui } from '../support/ui';

const panel = { webview: '!purpose=webviewView' };
const SUGGESTION = '.suggestion[data-id="taskKinds.explain=fast"]';
const DAY_MS = 86_400_000;

/** One explanation (or another kind) through the engine, as the chat asks it. */
function explain(api: ModelRouterApi, prompt: string, taskKind: TaskKind = 'explain') {
  return api.engine.run({
    request: { surface: 'chat', prompt, taskKind },
    prompt: () => ({ system: [{ type: 'text', text: 'You are a test.' }], messages: [{ role: 'user', content: prompt }], maxTokens: 256 }),
  });
}

/** A request line three weeks back, validated by the ledger's own schema before it is written. */
function pastLine(time: Date, session: string, taskKind: TaskKind, tier: Tier, costMicros: number, folder?: string): { id: string; line: string } {
  const id = randomUUID();
  const record = {
    v: 1, type: 'request', id, time: time.toISOString(), sessionId: session, surface: 'chat', taskKind, tier, routedTier: tier,
    model: tier === 'frontier' ? 'claude-opus-5-5' : 'claude-sonnet-5-5', rule: `taskKind:${taskKind}`, reasons: [],
    usage: { inputTokens: 1000, outputTokens: 200, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0, cacheReadTokens: 0 },
    costMicros, frontierModel: 'claude-opus-5-5', frontierCostMicros: 50_000, latencyMs: 900, outcome: 'ok', ...(folder ? { folder } : {}),
  };
  const line = JSON.stringify(record);
  assert.ok(parseLedgerLine(line).ok, 'the seeded line is one the ledger accepts');
  return { id, line };
}

/** What the ledger's files hold for the week starting `monday`: spend, sessions, cost per session, computed here. */
function weekFromFiles(folder: string, monday: Date): { spend: string; perSession: string; sessions: number } {
  const from = monday.getTime();
  const to = new Date(monday.getFullYear(), monday.getMonth(), monday.getDate() + 7).getTime();
  let micros = 0;
  const sessions = new Set<string>();
  for (const file of readdirSync(folder).filter((name) => name.endsWith('.jsonl'))) {
    for (const text of readFileSync(join(folder, file), 'utf8').split('\n')) {
      if (text.trim() === '') continue;
      const entry = JSON.parse(text) as { type: string; time: string; costMicros: number | null; sessionId: string };
      const time = Date.parse(entry.time);
      if (entry.type !== 'request' || time < from || time >= to) continue;
      micros += entry.costMicros ?? 0;
      sessions.add(entry.sessionId);
    }
  }
  return { spend: formatUsd(micros), perSession: formatUsd(sessions.size === 0 ? 0 : Math.round(micros / sessions.size)), sessions: sessions.size };
}

describe('the weekly routing review: the week view, a suggestion applied and dismissed', function () {
  this.timeout(180_000);
  const env = withFakeApi();
  before(() => neverPendingSuggestions(env.api));
  after(async () => {
    await resetSettings(['policy.taskKinds', 'learning.applied']);
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, '.vscode/model-router.json')).then(undefined, () => undefined);
    // With the team file gone its evidence counts again; the tests after these need no pending suggestion.
    await env.api.settings.reload();
    await env.api.learning.update();
    await env.api.learning.act('taskKinds.question=frontier', 'never');
    await vscode.workspace.getConfiguration('workbench').update('colorTheme', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('shows the three numbers per week, offers the change with its evidence, and Apply routes the next explanation by it', async () => {
    const api = env.api;
    const folder = dirname(api.ledgerPath);
    // Three weeks back: two architecture tasks on frontier flagged could-have-been-cheaper (src/billing),
    // two test tasks on balanced without a signal: 2 tasks below frontier, 4 in hindsight → 0.50.
    const monday = weekStart(new Date(Date.now() - 21 * DAY_MS));
    const at = (day: number, hour: number) => new Date(monday.getFullYear(), monday.getMonth(), monday.getDate() + day, hour);
    const session = `seeded-${randomUUID()}`;
    const seeded = [
      pastLine(at(1, 10), session, 'architecture', 'frontier', 50_000, 'src/billing'),
      pastLine(at(1, 11), session, 'architecture', 'frontier', 50_000, 'src/billing'),
      pastLine(at(2, 10), session, 'tests', 'balanced', 10_000),
      pastLine(at(2, 11), session, 'tests', 'balanced', 10_000),
    ];
    mkdirSync(folder, { recursive: true });
    for (const [index, { id, line }] of seeded.entries()) {
      const time = at(1 + Math.floor(index / 2), 10 + (index % 2));
      appendFileSync(join(folder, monthFileName(time)), `${line}\n`);
      if (index < 2) appendFileSync(join(folder, monthFileName(time)), `${JSON.stringify({ v: 1, type: 'feedback', id, time: new Date(time.getTime() + 60_000).toISOString(), feedback: 'cheaper' })}\n`);
    }

    // This week: explanations through the fake API, each flagged "Could have been cheaper", as many as
    // the suggestion reads (the most recent RECENT_TASKS), so signals other tests of the suite left on
    // explanations (the learned-routing test's "Needed stronger", say) are older than all of them.
    for (let n = 1; n <= RECENT_TASKS; n++) {
      env.fake.enqueue(ok({ text: [`Explanation ${n}: it adds the items.`], usage: { inputTokens: 1000, outputTokens: 100 } }));
      const result = await explain(api, `explain what total() number ${n} does`);
      assert.equal(result.kind, 'done');
      if (result.kind !== 'done') return;
      assert.equal(result.decision.tier, 'balanced', 'explanations start on balanced');
      assert.ok(await api.ledger.addFeedback(result.record.id, 'cheaper'));
    }

    await vscode.workspace.getConfiguration('workbench').update('colorTheme', THEMES[0].id, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('modelRouter.spendReport');
    await ui.waitFor(SUGGESTION, { ...panel, timeout: 20_000 });
    const text = await ui.text(`${SUGGESTION} .suggestion-text`, panel);
    assert.match(text, /^\d+ of your last \d+ signals on explanation said it could have been cheaper \(.*your flag: could have been cheaper.*\) → route explanation to fast\?$/, `the suggestion says what and why: ${text}`);
    await ui.click(`${SUGGESTION} summary`, panel);
    const evidence = await ui.texts(`${SUGGESTION} .evidence li`, panel);
    assert.ok(evidence.filter((line) => /balanced \(claude-sonnet-5-5\) · your flag: could have been cheaper/.test(line)).length >= 5, `the evidence lists the flagged requests: ${JSON.stringify(evidence)}`);
    assert.equal(await ui.count(`${SUGGESTION} button:has-text("Apply to the team file")`, panel), 1, 'a trusted workspace may also take it in the team file');

    // Another request redraws the page; the evidence the user opened stays open.
    env.fake.enqueue(ok({ text: ['Here are the tests.'], usage: { inputTokens: 2000, outputTokens: 300 } }));
    assert.equal((await explain(api, 'write tests for total()', 'tests')).kind, 'done');

    // This week's numbers as the ledger's files hold them.
    const thisWeek = weekFromFiles(folder, weekStart(new Date()));
    await eventually(async () => (await ui.text('.week-spend .big', panel)) === thisWeek.spend, { what: `this week's total spend ${thisWeek.spend}` });
    assert.equal(await ui.count(`${SUGGESTION} details[open]`, panel), 1, 'the opened evidence is still open after the page was redrawn');
    assert.equal(await ui.text('.week-per-session .big', panel), thisWeek.perSession, 'average cost per session');
    assert.match(await ui.text('.week-efficiency .big', panel), /^\d\.\d\d$/, 'this week has a routing-efficiency ratio');
    // The seeded week.
    const past = weekFromFiles(folder, monday);
    const row = await ui.texts(`tr[data-week="${weekOf(monday).key}"] td`, panel);
    assert.deepEqual([row[0], row[1], row[2], row[4], row[6]], [past.spend, String(past.sessions), past.perSession, '0.50', '2'], `the seeded week's row: ${JSON.stringify(row)}`);
    const billing = await ui.texts('tr[data-key="architecture src/billing"] td', panel);
    assert.deepEqual(billing.slice(0, 3), ['2', '—', '2'], `architecture in src/billing: 2 tasks, 2 could have been cheaper: ${JSON.stringify(billing)}`);

    // The status bar points at it: its text, the tooltip's line and the menu's item.
    await eventually(async () => /suggestion/.test(await ui.text(STATUS_ITEM)), { what: 'the status bar to show a pending suggestion' });
    await ui.hover(STATUS_ITEM);
    await ui.waitFor('.monaco-hover:has-text("Routing suggestion")');
    assert.match(await ui.text('.monaco-hover:has-text("Routing suggestion")'), /route explanation to fast\?.*Review it in the Spend Report/);
    await ui.press('Escape');
    const menu = vscode.commands.executeCommand('modelRouter.showMenu');
    await ui.waitFor('.quick-input-widget .monaco-list-row:has-text("Routing Suggestion")');
    await ui.press('Escape');
    await menu;

    for (const theme of THEMES) {
      await vscode.workspace.getConfiguration('workbench').update('colorTheme', theme.id, vscode.ConfigurationTarget.Global);
      await eventually(async () => (await ui.evaluate<string>('document.body.className', panel)).includes(theme.bodyClass), { what: `the report in the ${theme.id} theme` });
      await assertReadable(`${SUGGESTION} .suggestion-text`, 'the suggestion', theme.name, panel);
      await assertReadable(`${SUGGESTION} .evidence li`, 'its evidence', theme.name, panel);
      await assertReadable('.week-efficiency .big', 'the efficiency ratio', theme.name, panel);
      await assertReadable(`${SUGGESTION} button.secondary`, 'the Not now button', theme.name, panel);
      await ui.screenshot(`learning-${theme.name}-report`);
      await ui.evaluate('document.querySelector(".weeks").scrollIntoView()', panel);
      await ui.screenshot(`learning-${theme.name}-weeks`);
      await ui.evaluate('window.scrollTo(0, 0)', panel);
    }

    // Apply, to the user's settings.
    await ui.click(`${SUGGESTION} button:has-text("Apply to my settings")`, panel);
    await eventually(async () => (await ui.text('.suggestion-status', panel)).startsWith('Explanation now routes to fast'), { what: 'the Apply confirmation' });
    assert.equal(await ui.text('.suggestion-status', panel), 'Explanation now routes to fast, written to your user settings (modelRouter.policy.taskKinds).');
    await ui.waitFor(SUGGESTION, { ...panel, state: 'detached' });
    const section = vscode.workspace.getConfiguration('modelRouter');
    assert.equal(section.inspect<Record<string, string>>('policy.taskKinds')?.globalValue?.explain, 'fast', 'written to user settings');

    env.fake.enqueue(ok({ text: ['It adds the items.'], usage: { inputTokens: 1000, outputTokens: 100 } }));
    const next = await explain(api, 'explain what total() does now');
    assert.equal(next.kind, 'done');
    if (next.kind !== 'done') return;
    assert.equal(env.fake.requests[env.fake.requests.length - 1].model, 'claude-haiku-5-5', 'the next explanation goes to the fast model');
    const today = new Date();
    const date = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
    assert.ok(
      next.decision.reasons.some((reason) => new RegExp(`^Your rule: explanation → fast, applied ${date} from a spend-report suggestion \\(\\d+ of \\d+ signals said it could have been cheaper\\), in your user settings$`).test(reason)),
      `the decision names the rule's origin: ${JSON.stringify(next.decision.reasons)}`,
    );
    await ui.screenshot('learning-applied');

    // The rule removed: the evidence on balanced counts again, and Never hides the suggestion for good.
    await resetSettings(['policy.taskKinds', 'learning.applied']);
    await ui.waitFor(SUGGESTION, { ...panel, timeout: 20_000 });
    await ui.click(`${SUGGESTION} button:has-text("Never")`, panel);
    await eventually(async () => (await ui.text('.suggestion-status', panel)) === 'Model Router will not suggest fast for explanation again.', { what: 'the Never confirmation' });
    await ui.waitFor(SUGGESTION, { ...panel, state: 'detached' });
    await eventually(async () => !/suggestion/.test(await ui.text(STATUS_ITEM)), { what: 'the status bar to drop the suggestion' });
  });

  it('Apply to the team file writes .vscode/model-router.json, keeps its other fields, and the reasons say so', async () => {
    const api = env.api;
    const file = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, '.vscode/model-router.json');
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(JSON.stringify({ scope: { balancedAtFiles: 4 } }, null, 2)));
    await eventually(() => api.settings.policy.scope.balancedAtFiles === 4, { what: 'the team file to apply', timeoutMs: 30_000 });
    for (let n = 1; n <= 5; n++) {
      env.fake.enqueue(ok({ text: [`Answer ${n}.`], usage: { inputTokens: 800, outputTokens: 80 } }));
      const result = await explain(api, `which queue does job ${n} use?`, 'question');
      assert.ok(result.kind === 'done' && result.decision.tier === 'balanced', 'questions start on balanced');
      if (result.kind === 'done') assert.ok(await api.ledger.addFeedback(result.record.id, 'stronger'));
    }
    await vscode.commands.executeCommand('modelRouter.spendReport');
    const question = '.suggestion[data-id="taskKinds.question=frontier"]';
    await ui.waitFor(question, { ...panel, timeout: 20_000 });
    assert.match(await ui.text(`${question} .suggestion-text`, panel), /signals on question said it needed a stronger tier .* → route question to frontier\?$/);
    await ui.click(`${question} button:has-text("Apply to the team file")`, panel);
    await eventually(async () => (await ui.text('.suggestion-status', panel)) === 'Question now routes to frontier, written to the team policy file (.vscode/model-router.json, taskKinds).', {
      what: 'the Apply confirmation for the team file',
    });
    const written = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(file))) as { scope: unknown; taskKinds: unknown; learning: { applied: { question: { where: string; said: string } } } };
    assert.deepEqual(written.scope, { balancedAtFiles: 4 }, 'the file’s other fields are kept');
    assert.deepEqual(written.taskKinds, { question: 'frontier' });
    assert.deepEqual([written.learning.applied.question.where, written.learning.applied.question.said], ['team', 'stronger']);
    assert.equal(vscode.workspace.getConfiguration('modelRouter').inspect<Record<string, string>>('policy.taskKinds')?.globalValue?.question, undefined, 'user settings untouched');

    env.fake.enqueue(ok({ text: ['The default queue.'], usage: { inputTokens: 800, outputTokens: 80 } }));
    const next = await explain(api, 'which queue does the mailer use?', 'question');
    assert.ok(next.kind === 'done');
    if (next.kind !== 'done') return;
    assert.equal(env.fake.requests[env.fake.requests.length - 1].model, 'claude-opus-5-5', 'the next question goes to the frontier model');
    assert.ok(
      next.decision.reasons.some((reason) => /^Your rule: question → frontier, applied \d{4}-\d{2}-\d{2} from a spend-report suggestion \(\d+ of \d+ signals said it needed a stronger tier\), in the team policy file$/.test(reason)),
      `the decision names the team file: ${JSON.stringify(next.decision.reasons)}`,
    );
  });
});
