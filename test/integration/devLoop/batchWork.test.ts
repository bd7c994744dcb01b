import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { httpError, ok } from '../../fakes/fakeAnthropic';
import { THEMES } from '../support/contrast';
import { eventually } from '../support/eventually';
import { selectors, ui } from '../support/ui';
import { clickDiffBar, closeEverything, diffBarText, ledgerRequests, waitForOutcome, withAgentEnv, workspaceFolder } from '../agent/agentSupport';

const STATUS = selectors.statusBarItem('model-router.model-router', 'modelRouter.batches');
const ROWS = '.customview-tree .monaco-list-row';
/** A distinctive line in the secret file: it must never reach the fake. */
const SECRET_VALUE = 'BATCH_SECRET_4f9c1e';

async function write(path: string, text: string): Promise<vscode.Uri> {
  const uri = vscode.Uri.joinPath(workspaceFolder(), path);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
  return uri;
}

async function read(path: string): Promise<string> {
  return Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(workspaceFolder(), path))).toString('utf8');
}

/** The Batches view's rows once one contains `text`, joined. */
async function viewShows(text: string): Promise<string> {
  return eventually(async () => {
    const rows = (await ui.texts(ROWS)).join('\n');
    return rows.includes(text) && rows;
  }, { what: `the Batches view showing “${text}”`, timeoutMs: 15_000, intervalMs: 250 });
}

async function statusShows(text: string): Promise<string> {
  return eventually(async () => {
    const shown = (await ui.texts(STATUS)).join(' ');
    return shown.includes(text) && shown;
  }, { what: `the batch status bar saying “${text}”`, timeoutMs: 15_000, intervalMs: 250 });
}

const code = (text: string) => ok({ text: [`\`\`\`ts\n${text}\`\`\``], usage: { inputTokens: 2000, outputTokens: 400 } });

describe('Bulk work at half price (Message Batches)', () => {
  const env = withAgentEnv();
  afterEach(closeEverything);
  after(async () => {
    for (const job of env.api.batches.tracker.jobs) await env.api.batches.tracker.remove(job.id);
  });

  it('Add Docstrings to a Folder: one batch on the fast tier without the secret file, progress in the view and status bar, results in one preview whose Apply writes every file, priced at half', async () => {
    await write('batchdocs/add.ts', 'export function add(a: number, b: number): number {\n  return a + b;\n}\n');
    await write('batchdocs/sub.ts', 'export function sub(a: number, b: number): number {\n  return a - b;\n}\n');
    await write('batchdocs/.env.ts', `export const token = '${SECRET_VALUE}';\n`);
    await write('batchdocs/add.test.ts', 'test("add", () => {});\n');
    await vscode.commands.executeCommand('modelRouter.batchDocstrings', vscode.Uri.joinPath(workspaceFolder(), 'batchdocs'));

    assert.equal(env.fake.batches.all.length, 1, 'the folder goes as one batch');
    const batch = env.fake.batches.all[0]!;
    assert.deepEqual(batch.requests.map((r) => r.custom_id), ['r0', 'r1']);
    assert.deepEqual(batch.requests.map((r) => r.params['model']), ['claude-haiku-5-5', 'claude-haiku-5-5'], 'docstrings are routed to the fast tier');
    assert.doesNotMatch(JSON.stringify(env.fake.requests.map((r) => r.body)), new RegExp(SECRET_VALUE), 'the secret file is never sent');
    await statusShows('Batch: 1 running (0/2)');
    await viewShows('batchdocs/add.ts');
    const waiting = await viewShows('not sent: batchdocs/.env.ts: matches **/.env.* in modelRouter.completions.exclude');
    assert.match(waiting, /running: 0 of 2 done/);
    assert.match(waiting, /waiting · fast · claude-haiku-5-5/);

    env.fake.enqueue(code('/** Adds two numbers. */\nexport function add(a: number, b: number): number {\n  return a + b;\n}\n'), code('/** Subtracts b from a. */\nexport function sub(a: number, b: number): number {\n  return a - b;\n}\n'));
    env.fake.batches.end();
    const before = ledgerRequests(env.api).length;
    await vscode.commands.executeCommand('modelRouter.refreshBatches');
    // 2000 × $0.10 + 400 × $0.50 per MTok = $0.0004 each, $0.0002 at the batch rate.
    // Once the results are read and recorded, the batch's row says what it cost and saved.
    const ended = await viewShows('ended: 2 succeeded · $0.0004 at the batch rate (½ price), saved $0.0004');
    assert.match(ended, /succeeded · fast · claude-haiku-5-5 · \$0\.0002/);
    await statusShows('1 ready to review, saved $0.0004');
    const records = await eventually(() => {
      const recorded = ledgerRequests(env.api).slice(before).filter((r) => r.batch?.id === batch.id);
      return recorded.length === 2 && recorded;
    }, { what: 'two batch records in the ledger' });
    assert.deepEqual(records.map((r) => [r.tier, r.model, r.rule, r.costMicros, r.batch?.standardCostMicros]), [
      ['fast', 'claude-haiku-5-5', 'taskKind:docstring', 200, 400],
      ['fast', 'claude-haiku-5-5', 'taskKind:docstring', 200, 400],
    ]);
    await vscode.commands.executeCommand('modelRouter.batches.focus');
    await ui.screenshot('batch-view-ended', { selector: '.part.sidebar' });

    const reviewing = vscode.commands.executeCommand('modelRouter.reviewBatch', batch.id);
    const bar = await diffBarText();
    assert.match(bar, /Docstrings for batchdocs \(2 files\) · 2 files · \$0\.0004 at the batch rate \(½ price\), saved \$0\.0004/);
    const diffs = vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.input instanceof vscode.TabInputTextDiff);
    assert.equal(diffs.length, 2, 'both files are in the one preview');
    // Looked at in each theme: the Batches view with its rows and the preview with its Apply / Discard bar.
    for (const theme of THEMES) {
      await vscode.workspace.getConfiguration('workbench').update('colorTheme', theme.id, vscode.ConfigurationTarget.Global);
      await eventually(async () => (await ui.evaluate<string>("document.querySelector('.monaco-workbench').className")).split(' ').includes(theme.workbenchClass), { what: `the window in the ${theme.id} theme` });
      await ui.screenshot(`batch-preview-${theme.name}`);
    }
    await vscode.workspace.getConfiguration('workbench').update('colorTheme', undefined, vscode.ConfigurationTarget.Global);
    await clickDiffBar('Apply');
    await reviewing;
    assert.match(await read('batchdocs/add.ts'), /^\/\*\* Adds two numbers\. \*\/\nexport function add/);
    assert.match(await read('batchdocs/sub.ts'), /^\/\*\* Subtracts b from a\. \*\/\nexport function sub/);
    await waitForOutcome('Docstrings for batchdocs (2 files): 2 files applied');
    assert.equal(env.api.batches.tracker.job(batch.id)?.reviewed, 'applied');

    // The spend report says what went in batches and what batching saved.
    await vscode.commands.executeCommand('modelRouter.spendReport');
    const report = { webview: '!purpose=webviewView' };
    const card = await eventually(async () => (await ui.texts('section.card', report)).find((text) => text.includes('in batches')), { what: 'the spend report’s batch line', timeoutMs: 15_000 });
    assert.match(card, /2 in batches: \$0\.0004 at half price, saved \$0\.0004/);
  });

  it('Write Tests for a Folder survives a reload, reports its errored and expired requests in the view and the preview, and writes nothing on Discard', async () => {
    await write('batchtests/one.ts', 'export const one = () => 1;\n');
    await write('batchtests/two.ts', 'export const two = () => 2;\n');
    await write('batchtests/three.ts', 'export const three = () => 3;\n');
    await vscode.commands.executeCommand('modelRouter.batchTests', vscode.Uri.joinPath(workspaceFolder(), 'batchtests'));
    const batch = env.fake.batches.all[0]!;
    assert.deepEqual(batch.requests.map((r) => r.params['model']), ['claude-sonnet-5-5', 'claude-sonnet-5-5', 'claude-sonnet-5-5'], 'tests are routed to the balanced tier');
    assert.match(JSON.stringify(batch.requests[0]?.params['messages']), /Write the tests to batchtests\/one\.test\.ts/);
    await statusShows('Batch: 1 running (0/3)');

    // A reload: the tracker is built again from workspace state alone, and polling resumes.
    const stored = env.api.persistedState().workspace['modelRouter.batches'] as Array<{ id: string }>;
    assert.ok(stored.some((job) => job.id === batch.id), 'the batch id is in workspace state');
    const tracker = env.api.batches.reload();
    assert.equal(tracker.job(batch.id)?.entries.length, 3);
    await statusShows('Batch: 1 running (0/3)');

    env.fake.enqueue(code('import { one } from "./one";\ntest("one", () => expect(one()).toBe(1));\n'), httpError(400, { message: 'prompt is too long: 210000 tokens > 200000 maximum' }));
    env.fake.batches.expire(batch.id, 2);
    await vscode.commands.executeCommand('modelRouter.refreshBatches');
    // The requests go in path order (one, three, two): the second errored, the third expired.
    const ended = await viewShows('ended: 1 succeeded, 1 errored, 1 expired · $0.0040 at the batch rate');
    assert.match(ended, /batchtests\/three\.ts → batchtests\/three\.test\.ts.*errored: prompt is too long: 210000 tokens > 200000 maximum/);
    assert.match(ended, /batchtests\/two\.ts → batchtests\/two\.test\.ts.*expired: the batch ended \(24 hours\) before it ran/);
    const records = ledgerRequests(env.api).filter((r) => r.batch?.id === batch.id);
    assert.deepEqual(records.map((r) => [r.outcome, r.costMicros]), [['ok', 4000], ['error', 0], ['error', 0]], 'only the succeeded request is billed: (2000 × $2 + 400 × $10) / 2 per MTok');

    const reviewing = vscode.commands.executeCommand('modelRouter.reviewBatch', batch.id);
    const bar = await diffBarText();
    assert.match(bar, /1 file · 2 not done \(batchtests\/three\.ts: errored: prompt is too long.*; batchtests\/two\.ts: expired/);
    await clickDiffBar('Discard');
    await reviewing;
    await assert.rejects(read('batchtests/one.test.ts'), 'a discarded preview writes nothing');
    await waitForOutcome('discarded — nothing was changed');
  });

  it('Cancel Batch: the batch ends canceled, its requests are recorded at $0 and nothing is left to apply', async () => {
    await write('batchcancel/c.ts', 'export const c = 3;\n');
    await vscode.commands.executeCommand('modelRouter.batchDocstrings', vscode.Uri.joinPath(workspaceFolder(), 'batchcancel'));
    const batch = env.fake.batches.all[0]!;
    await viewShows('running: 0 of 1 done');
    await vscode.commands.executeCommand('modelRouter.cancelBatch', batch.id);
    assert.ok(env.fake.requests.some((r) => r.path === `/v1/messages/batches/${batch.id}/cancel`), 'the cancel went to the API');
    await viewShows('ended: 1 canceled · $0.00 at the batch rate');
    await viewShows('canceled before it ran');
    const records = ledgerRequests(env.api).filter((r) => r.batch?.id === batch.id);
    assert.deepEqual(records.map((r) => [r.outcome, r.costMicros]), [['cancelled', 0]]);
    await vscode.commands.executeCommand('modelRouter.reviewBatch', batch.id);
    await waitForOutcome('nothing to apply');
  });

  it('a tier sent to Amazon Bedrock is never batched through the Anthropic API: the file is named as not sent', async () => {
    const section = vscode.workspace.getConfiguration('modelRouter');
    await section.update('bedrock.region', 'us-east-1', vscode.ConfigurationTarget.Global);
    await section.update('tiers.fast.endpoint', 'bedrock', vscode.ConfigurationTarget.Global);
    try {
      await eventually(() => env.api.settings.endpoints.bedrock !== undefined, { what: 'the Bedrock endpoint in the settings' });
      await write('batchbedrock/x.ts', 'export const x = 1;\n');
      await vscode.commands.executeCommand('modelRouter.batchDocstrings', vscode.Uri.joinPath(workspaceFolder(), 'batchbedrock'));
      assert.equal(env.fake.batches.all.length, 0, 'no batch was created');
      await waitForOutcome('batchbedrock/x.ts: its fast tier is Amazon Bedrock (us-east-1), and batches go only to the Anthropic API');
    } finally {
      await section.update('tiers.fast.endpoint', undefined, vscode.ConfigurationTarget.Global);
      await section.update('bedrock.region', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('Review the Plan as a Batch reviews each step on frontier in a fresh context with its files, and Apply writes one review document beside the plan', async () => {
    await write('batchplan/parse.ts', 'export const parse = (s: string) => s.split(",");\n');
    const planText = '# Plan\n\n## Step 1: Parse the input\nFiles: batchplan/parse.ts\nSplit on commas.\n\n## Step 2: Print it\nFiles: batchplan/print.ts\nPrint each part.\n';
    const planUri = await write('batchplan/plan.md', planText);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(planUri));
    await vscode.commands.executeCommand('modelRouter.batchPlanReview');
    const batch = env.fake.batches.all[0]!;
    assert.deepEqual(batch.requests.map((r) => r.params['model']), ['claude-opus-5-5', 'claude-opus-5-5'], 'plan review goes to the frontier tier');
    const first = JSON.stringify(batch.requests[0]?.params);
    assert.match(first, /Review step 1 \(Parse the input\)/);
    assert.match(first, /s\.split\(\\",\\"\)/, 'the step\'s file is in its context');
    assert.equal((batch.requests[0]?.params['messages'] as unknown[]).length, 1, 'a fresh context: one user turn, no earlier conversation');
    await viewShows('not sent: batchplan/print.ts (step 2): not read');

    env.fake.enqueue(ok({ text: ['### Findings\n- splitting on commas breaks quoted fields\nVerdict: ready with changes'] }), ok({ text: ['### Findings\n- nothing\nVerdict: ready'] }));
    env.fake.batches.end();
    await vscode.commands.executeCommand('modelRouter.refreshBatches');
    await viewShows('Review of batchplan/plan.md (2 steps)ended: 2 succeeded · ');
    const reviewing = vscode.commands.executeCommand('modelRouter.reviewBatch', batch.id);
    assert.match(await diffBarText(), /Review of batchplan\/plan\.md \(2 steps\) · 1 file/);
    await clickDiffBar('Apply');
    await reviewing;
    const review = await read('batchplan/plan.review.md');
    assert.match(review, /## Step 1: Parse the input\n\n_claude-opus-5-5 · frontier · batch \(½ price\)_\n\n### Findings\n- splitting on commas breaks quoted fields/);
    assert.match(review, /## Step 2: Print it/);
  });
});
