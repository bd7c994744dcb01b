import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { httpError, ok } from '../../fakes/fakeAnthropic';
import { formatUsd } from '../../../src/core/money';
import { THEMES, assertReadable } from '../support/contrast';
import { eventually } from '../support/eventually';
import { selectors, ui } from '../support/ui';
import { resetSettings } from '../support/router';
import { OUTCOME_ITEM, clickDiffBar, closeEverything, diffBarText, ledgerRequests, waitForOutcome, withAgentEnv, workspaceFolder } from '../agent/agentSupport';
import type { FakeBatch } from '../../fakes/fakeBatches';

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

const PICK = '.quick-input-widget';

/** What the batch's confirmation says: its title, its rows and the line in its input (the budget). */
async function confirmation(): Promise<string> {
  await ui.waitFor(`${PICK} .monaco-list-row:has-text("Send as one batch")`);
  const placeholder = await ui.evaluate<string>("document.querySelector('.quick-input-widget input')?.placeholder ?? ''");
  return `${(await ui.texts(PICK)).join('\n')}\n${placeholder}`;
}

/** Switches the window to `theme` and waits until the workbench is drawn in it. */
async function inTheme(theme: (typeof THEMES)[number]): Promise<void> {
  await vscode.workspace.getConfiguration('workbench').update('colorTheme', theme.id, vscode.ConfigurationTarget.Global);
  await eventually(async () => (await ui.evaluate<string>("document.querySelector('.monaco-workbench').className")).split(' ').includes(theme.workbenchClass), { what: `the window in the ${theme.id} theme` });
}

/** The shown elements matching `selectors` (and inside them) whose text is wider than the room it is drawn in: cut off, or ended with an ellipsis. */
const cutOff = (...selectors: string[]) => `[...document.querySelectorAll(${JSON.stringify(selectors.flatMap((each) => [each, `${each} *`]).join(', '))})]
  .filter((e) => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1).map((e) => e.className + ': ' + e.textContent)`;
/** The confirmation's title and its rows' labels, descriptions and details. */
const CONFIRMATION_TEXTS = [`${PICK} .quick-input-title`, `${PICK} .monaco-list-row .label-name`, `${PICK} .monaco-list-row .label-description`, `${PICK} .quick-input-list-label-meta`];

/** Runs a batch command, reads its confirmation, and sends the batch from it; resolves to what the confirmation said. */
async function sendBatch(command: string, ...args: unknown[]): Promise<string> {
  const running = vscode.commands.executeCommand(command, ...args);
  const shown = await confirmation();
  await ui.type('Send as one batch', { selector: `${PICK} input` });
  await ui.press('Enter');
  await running;
  return shown;
}

/**
 * A batch's estimate worked out from what the fake received: each text block's tokens at 30% more
 * than 4 characters each, every max_tokens as output, at the model's price per MTok halved.
 */
function estimateOf(batch: FakeBatch, price: { readonly input: number; readonly output: number }): number {
  const tokens = (text: string) => Math.ceil((text.length * 13) / 40);
  return batch.requests.reduce((sum, { params }) => {
    const system = (params['system'] as Array<{ text: string }>).reduce((n, block) => n + tokens(block.text), 0);
    const messages = (params['messages'] as Array<{ content: string | Array<{ text: string }> }>).reduce((n, message) => n + (typeof message.content === 'string' ? tokens(message.content) : message.content.reduce((m, block) => m + tokens(block.text), 0)), 0);
    return sum + Math.round(((system + messages) * price.input + (params['max_tokens'] as number) * price.output) / 2);
  }, 0);
}

/** `text` contains `part`, or the assertion shows both. */
function includes(text: string, part: string, what: string): void {
  assert.ok(text.includes(part), `${what}: expected “${part}” in:\n${text}`);
}

const HAIKU = { input: 0.1, output: 0.5 };

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
    const running = vscode.commands.executeCommand('modelRouter.batchDocstrings', vscode.Uri.joinPath(workspaceFolder(), 'batchdocs'));
    const confirm = await confirmation();
    assert.equal(env.fake.batches.all.length, 0, 'nothing is created before the confirmation');
    // Looked at in each theme: the estimate in the title and the request count and token line in the rows, readable and whole.
    for (const theme of THEMES) {
      await inTheme(theme);
      await ui.screenshot(`batch-confirm-${theme.name}`);
      await assertReadable(`${PICK} .quick-input-title`, 'the confirmation\'s title (its estimate)', theme.name, {});
      await assertReadable(`${PICK} .monaco-list-row .label-description`, 'the request count beside Send as one batch', theme.name, {});
      await assertReadable(`${PICK} .monaco-list-row.focused .quick-input-list-label-meta`, 'the token line under Send as one batch', theme.name, {});
      assert.deepEqual(await ui.evaluate<string[]>(cutOff(...CONFIRMATION_TEXTS)), [], `nothing of the confirmation is cut off in the ${theme.name} theme`);
    }
    await vscode.workspace.getConfiguration('workbench').update('colorTheme', undefined, vscode.ConfigurationTarget.Global);
    await ui.type('Send as one batch', { selector: `${PICK} input` });
    await ui.press('Enter');
    await running;

    assert.equal(env.fake.batches.all.length, 1, 'the folder goes as one batch');
    const batch = env.fake.batches.all[0]!;
    // The dollars shown before sending: the requests' text and their max_tokens (16,384 each) at Haiku's price, halved.
    const estimate = formatUsd(estimateOf(batch, HAIKU));
    includes(confirm, `Docstrings for batchdocs (2 files) — est. up to ${estimate} at the batch rate (½ price)`, 'the confirmation\'s title');
    assert.match(confirm, /Send as one batch\s*2 requests on fast \(claude-haiku-5-5\)/, confirm);
    assert.match(confirm, /~\d+ input tokens \(estimated\), at most 32\.8k output \(max_tokens\) · 2 left out/, confirm);
    assert.match(confirm, /Don’t send/);
    assert.match(confirm, /No budget set/);
    assert.deepEqual(batch.requests.map((r) => r.custom_id), ['r0', 'r1']);
    assert.deepEqual(batch.requests.map((r) => r.params['model']), ['claude-haiku-5-5', 'claude-haiku-5-5'], 'docstrings are routed to the fast tier');
    assert.doesNotMatch(JSON.stringify(env.fake.requests.map((r) => r.body)), new RegExp(SECRET_VALUE), 'the secret file is never sent');
    await statusShows('Batch: 1 running (0/2)');
    await viewShows('batchdocs/add.ts');
    const waiting = await viewShows('not sent: batchdocs/.env.ts: matches **/.env.* in modelRouter.completions.exclude');
    includes(waiting, `running: 0 of 2 done · est. up to ${estimate} (½ price) until its real cost is recorded`, 'the running batch\'s row');
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
      await inTheme(theme);
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

  it('Don’t send, or Escape, at the confirmation: no batch request reaches the API, nothing is listed or held, the status bar says it was not sent, and the same files go when the command is run again', async () => {
    const files: Record<string, string> = {
      'batchkeep/keep.ts': 'export const keep = (s: string) => s.trim();\n',
      'batchescape/escape.ts': 'export const escape = (s: string) => s.replace(/</g, "&lt;");\n',
    };
    for (const [path, text] of Object.entries(files)) await write(path, text);
    const batchRequests = () => env.fake.requests.filter((r) => r.path.startsWith('/v1/messages/batches')).map((r) => r.path);
    const ways = [
      { how: 'Don’t send', folder: 'batchkeep', title: 'Docstrings for batchkeep (1 file)', refuse: () => ui.click(`${PICK} .monaco-list-row:has-text("Don’t send")`) },
      { how: 'Escape', folder: 'batchescape', title: 'Docstrings for batchescape (1 file)', refuse: () => ui.press('Escape', { selector: `${PICK} input` }) },
    ];
    /** The confirmation's title (its estimate) and its Send row (requests, tier, tokens), once it is shown. */
    const offer = async (): Promise<string> => {
      await confirmation();
      return `${await ui.text(`${PICK} .quick-input-title`)}\n${await ui.text(`${PICK} .monaco-list-row:has-text("Send as one batch")`)}`;
    };
    const offered = new Map<string, string>();
    for (const way of ways) {
      const running = vscode.commands.executeCommand('modelRouter.batchDocstrings', vscode.Uri.joinPath(workspaceFolder(), way.folder));
      const shown = await offer();
      includes(shown, `${way.title} — est. up to `, `the confirmation before ${way.how}`);
      includes(shown, '1 request on fast (claude-haiku-5-5)', `the confirmation before ${way.how}`);
      offered.set(way.folder, shown);
      await way.refuse();
      await running;
      await ui.waitFor(PICK, { state: 'hidden' });
      assert.deepEqual(batchRequests(), [], `${way.how}: no request reaches the Message Batches API`);
      assert.equal(env.fake.batches.all.length, 0, `${way.how}: no batch is created`);
      await waitForOutcome(`${way.title}: not sent`);
      assert.deepEqual(await ui.evaluate<string[]>(cutOff(OUTCOME_ITEM)), [], `${way.how}: the status bar says it was not sent, whole`);
      assert.deepEqual(env.api.batches.tracker.jobs.filter((job) => job.title === way.title), [], `${way.how}: the Batches view lists no batch for it`);
      assert.equal(env.api.batches.tracker.held, 0, `${way.how}: nothing is held against the budgets`);
    }
    await ui.screenshot('batch-not-sent', { selector: selectors.statusBar });
    for (const [path, text] of Object.entries(files)) assert.equal(await read(path), text, `${path} is unchanged`);

    // Nothing was lost: run again, each command offers the same batch at the same estimate, and it goes with the file's text.
    for (const way of ways) {
      const running = vscode.commands.executeCommand('modelRouter.batchDocstrings', vscode.Uri.joinPath(workspaceFolder(), way.folder));
      assert.equal(await offer(), offered.get(way.folder), `the confirmation after ${way.how} is the one shown before`);
      await ui.type('Send as one batch', { selector: `${PICK} input` });
      await ui.press('Enter');
      await running;
      const batch = env.fake.batches.all.at(-1)!;
      assert.equal(batch.requests.length, 1, `the ${way.folder} batch has its one request`);
      const sent = Object.entries(files).find(([path]) => path.startsWith(`${way.folder}/`))!;
      includes(JSON.stringify(batch.requests[0]?.params['messages']), JSON.stringify(sent[1]).slice(1, -1), `the request of the batch sent after ${way.how}`);
      await viewShows(`${way.title}running: 0 of 1 done`);
    }
    assert.equal(env.fake.batches.all.length, 2, 'each refused batch goes once it is confirmed');

    // Both end, so the later tests start with no batch in flight (nothing running, nothing held).
    for (const index of ways.keys()) {
      env.fake.enqueue(code('/** Done. */\n'));
      env.fake.batches.end(env.fake.batches.all[index]!.id);
    }
    await vscode.commands.executeCommand('modelRouter.refreshBatches');
    for (const way of ways) await viewShows(`${way.title}ended: 1 succeeded`);
    await eventually(() => env.api.batches.tracker.held === 0, { what: 'nothing held once both batches ended' });
  });

  it('Write Tests for a Folder survives a reload, reports its errored and expired requests in the view and the preview, and writes nothing on Discard', async () => {
    await write('batchtests/one.ts', 'export const one = () => 1;\n');
    await write('batchtests/two.ts', 'export const two = () => 2;\n');
    await write('batchtests/three.ts', 'export const three = () => 3;\n');
    await sendBatch('modelRouter.batchTests', vscode.Uri.joinPath(workspaceFolder(), 'batchtests'));
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
    await sendBatch('modelRouter.batchDocstrings', vscode.Uri.joinPath(workspaceFolder(), 'batchcancel'));
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

  it('a budget set to stop: the confirmation says what is left, a batch in flight is held at its estimate, one the rest cannot hold is refused before it is created (its estimate, the budget, what to do; files untouched), and the real cost replaces the estimate once collected', async function () {
    this.timeout(90_000);
    const section = vscode.workspace.getConfiguration('modelRouter');
    const folder = (name: string) => vscode.Uri.joinPath(workspaceFolder(), name);
    const tooltip = () => (typeof env.api.statusBar.current?.tooltip === 'string' ? env.api.statusBar.current.tooltip : '');
    try {
      for (const name of ['batchbudget1', 'batchbudget2']) {
        await write(`${name}/left.ts`, 'export const left = 1;\n');
        await write(`${name}/right.ts`, 'export const right = 2;\n');
      }
      // Room for one of the two batches (each up to about $0.0083: two 16,384-token answers at Haiku's half price), not for both.
      const spent = env.api.ledger.snapshot().session.costMicros;
      const limit = spent + 12_000;
      await section.update('budget.onExceed', 'stop', vscode.ConfigurationTarget.Global);
      await section.update('budget.sessionUsd', limit / 1e6, vscode.ConfigurationTarget.Global);
      await eventually(() => env.api.settings.config['budget.sessionUsd'] === limit / 1e6 && env.api.settings.config['budget.onExceed'] === 'stop', { what: 'the stop budget in the settings' });

      const first = await sendBatch('modelRouter.batchDocstrings', folder('batchbudget1'));
      includes(first, `Session budget: ${formatUsd(12_000)} left of ${formatUsd(limit)} (on exceed: stop)`, 'the confirmation\'s budget line');
      assert.equal(env.fake.batches.all.length, 1);
      const batch = env.fake.batches.all[0]!;
      const held = estimateOf(batch, HAIKU);
      includes(first, `est. up to ${formatUsd(held)} at the batch rate`, 'the confirmation\'s estimate');
      // In flight, the batch holds its estimate against the budget: the spend status bar says so.
      const holding = await eventually(() => tooltip().includes('held for batches in flight') && tooltip(), { what: 'the spend tooltip naming the held estimate' });
      includes(holding, `Session budget: ${formatUsd(spent)} spent + ${formatUsd(held)} held for batches in flight, of ${formatUsd(limit)}`, 'the spend tooltip');

      const files = async () => [await read('batchbudget2/left.ts'), await read('batchbudget2/right.ts')];
      const untouched = await files();
      await vscode.commands.executeCommand('modelRouter.batchDocstrings', folder('batchbudget2'));
      assert.equal(env.fake.batches.all.length, 1, 'the second batch was not created');
      const refused = await waitForOutcome('was not sent');
      // Both folders' requests are the same size, so the second's estimate is the first's.
      includes(
        refused,
        `Docstrings for batchbudget2 (2 files) was not sent: its estimate is up to ${formatUsd(held)} at the batch rate, more than the ${formatUsd(limit - spent - held)} left of your session budget of ${formatUsd(limit)} ` +
          `(${formatUsd(spent)} spent + ${formatUsd(held)} held for batches in flight; on exceed: stop). Nothing was sent and no file was changed: raise modelRouter.budget.sessionUsd, or send fewer files (a smaller folder), and run it again.`,
        'the refusal',
      );
      includes(refused, 'Open Budget Settings', 'the refusal\'s action');
      await ui.screenshot('batch-refused-budget');
      assert.deepEqual(await files(), untouched, 'the files are untouched');

      // The first batch ends: its real cost ($0.0002 a request) replaces its estimate.
      env.fake.enqueue(code('/** Left. */\nexport const left = 1;\n'), code('/** Right. */\nexport const right = 2;\n'));
      env.fake.batches.end(batch.id);
      await vscode.commands.executeCommand('modelRouter.refreshBatches');
      await viewShows('Docstrings for batchbudget1 (2 files)ended: 2 succeeded · $0.0004 at the batch rate');
      const released = await eventually(() => !tooltip().includes('held for batches') && tooltip(), { what: 'the hold to be released once the results are recorded' });
      assert.equal(env.api.ledger.snapshot().session.costMicros, spent + 400, 'the ledger has the real cost, not the estimate');
      includes(released, `Session budget: ${formatUsd(spent + 400)} of ${formatUsd(limit)}`, 'the spend tooltip after collection');

      // With the hold gone the second batch fits, and goes.
      const second = await sendBatch('modelRouter.batchDocstrings', folder('batchbudget2'));
      includes(second, `Session budget: ${formatUsd(limit - spent - 400)} left of ${formatUsd(limit)}`, 'the second confirmation');
      assert.equal(env.fake.batches.all.length, 2, 'the second batch was created');
    } finally {
      await resetSettings(['budget.sessionUsd', 'budget.onExceed']);
    }
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
    await sendBatch('modelRouter.batchPlanReview');
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
