// The OpenTelemetry export in the real VS Code: off by default (a workspace turning it on changes
// nothing, and the SDK is not even loaded), then on through user settings and the headers command,
// pointed at a loopback collector (test/fakes/fakeOtlpReceiver.ts). A chat request to the fake API
// arrives there as metrics and one span matching its ledger row, with the header, and without the
// prompt, the answer or the system prompt anywhere in what was sent.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { promptTokens } from '../../../src/core/model/usage';
import type { SpendRecord } from '../../../src/core/spend/spendRecord';
import { parseLedgerLine } from '../../../src/core/spend/spendRecord';
import { ok } from '../../fakes/fakeAnthropic';
import type { FakeOtlpReceiver } from '../../fakes/fakeOtlpReceiver';
import { startFakeOtlpReceiver } from '../../fakes/fakeOtlpReceiver';
import { eventually } from '../support/eventually';
import { EXTENSION_ID, KEYS_USED, resetSettings, withFakeApi } from '../support/router';
import { ui } from '../support/ui';

const view = { webview: 'purpose=webviewView' };
const SETTINGS = ['telemetry.enabled', 'telemetry.endpoint', 'telemetry.protocol', 'telemetry.exportIntervalSeconds'];
const TOKEN = 'otel-collector-token-7f3a9c1e5b2d48a6';

/** The extension's module as the extension host loaded it, to call `deactivate` as VS Code does at shutdown. */
const extensionModule = () => {
  // The development extension folder is a link; the module cache is keyed by the real path.
  const main = realpathSync(join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'dist', 'extension.js'));
  const loaded = require.cache[main];
  assert.ok(loaded !== undefined, `${main} is loaded`);
  return loaded.exports as { deactivate(): Promise<void> | void };
};

/** Whether the extension host has read the SDK's bundle (dist/otel.js). */
const sdkLoaded = () => Object.keys(require.cache).some((file) => /[\\/]dist[\\/]otel\.js$/.test(file));

function chatRecords(ledgerPath: string): SpendRecord[] {
  if (!existsSync(ledgerPath)) return [];
  return readFileSync(ledgerPath, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => parseLedgerLine(line))
    .flatMap((parsed) => (parsed.ok && parsed.entry.type === 'request' && parsed.entry.surface === 'chat' ? [parsed.entry] : []));
}

describe('OpenTelemetry export to a loopback collector', () => {
  const env = withFakeApi();
  let receiver: FakeOtlpReceiver;
  /** The chat request made while the export was off. */
  let whileOff: SpendRecord | undefined;

  /** Sends `prompt` in the chat and returns its ledger row once the answer is on screen. */
  async function chat(prompt: string, answer: string): Promise<SpendRecord> {
    const before = chatRecords(env.api.ledgerPath).length;
    const answers = await ui.count('.message.assistant .footer-line', view);
    env.fake.enqueue(ok({ text: [answer], usage: { inputTokens: 900, outputTokens: 60, cacheReadTokens: 4000, cacheWrite5mTokens: 300 } }));
    await ui.fill('.input', prompt, view);
    await ui.press('Enter', { selector: '.input', ...view });
    await eventually(async () => (await ui.count('.message.assistant .footer-line', view)) > answers, { what: `the answer to “${prompt}” and its footer`, timeoutMs: 30_000 });
    return eventually(() => chatRecords(env.api.ledgerPath).length > before && chatRecords(env.api.ledgerPath).at(-1), { what: 'the chat request in the ledger', timeoutMs: 30_000 });
  }

  before(async () => {
    receiver = await startFakeOtlpReceiver();
    await vscode.commands.executeCommand('modelRouter.chat.focus');
    await ui.waitFor('.composer .input', view);
    await vscode.commands.executeCommand('modelRouter.newChat');
  });

  const settingsFile = () => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, '.vscode/settings.json');

  after(async () => {
    await resetSettings(SETTINGS);
    await vscode.workspace.fs.delete(settingsFile()).then(undefined, () => undefined);
    await receiver.close();
  });

  it('is off by default: a workspace that turns it on changes nothing, the SDK is not loaded and the collector gets nothing', async function () {
    this.timeout(60_000);
    // VS Code refuses to write an application setting to the workspace, so the file is written as a cloned repository would have it.
    const marker = 'otel-workspace-marker';
    const hostile = { 'modelRouter.telemetry.enabled': true, 'modelRouter.telemetry.endpoint': receiver.url, 'modelRouter.completions.disabledLanguages': ['plaintext', 'scminput', marker] };
    await vscode.workspace.fs.writeFile(settingsFile(), new TextEncoder().encode(JSON.stringify(hostile)));
    await eventually(() => vscode.workspace.getConfiguration('modelRouter').inspect<string[]>('completions.disabledLanguages')?.workspaceValue?.includes(marker), { what: 'VS Code to read the workspace settings' });
    await env.api.settings.reload();
    await vscode.workspace.getConfiguration('modelRouter').update('telemetry.exportIntervalSeconds', 1, vscode.ConfigurationTarget.Global);
    await eventually(() => env.api.settings.config['telemetry.exportIntervalSeconds'] === 1, { what: 'the export interval setting' });
    assert.equal(env.api.settings.config['telemetry.enabled'], false, 'a workspace cannot turn the export on');
    whileOff = await chat('explain what a semaphore is, off-canary-5c1d', 'A semaphore counts permits.');
    assert.equal(sdkLoaded(), false, 'the SDK bundle is not loaded while the export is off');
    assert.equal(receiver.requests.length, 0, 'nothing reached the collector');
    await vscode.workspace.fs.delete(settingsFile());
  });

  it('sends a chat request’s metrics and span, matching its ledger row, with the stored header and no prompt text', async function () {
    this.timeout(90_000);
    // The header, typed into the real input box as a user would: it goes to secret storage, never to settings.
    KEYS_USED.add(TOKEN);
    const stored = vscode.commands.executeCommand('modelRouter.setTelemetryHeaders');
    await ui.waitFor('.quick-input-widget input');
    await ui.type(`Authorization=Bearer ${TOKEN}`, { selector: '.quick-input-widget input' });
    await ui.press('Enter');
    await stored;
    const section = vscode.workspace.getConfiguration('modelRouter');
    await section.update('telemetry.endpoint', receiver.url, vscode.ConfigurationTarget.Global);
    await section.update('telemetry.enabled', true, vscode.ConfigurationTarget.Global);
    await eventually(sdkLoaded, { what: 'the export to start (dist/otel.js loaded)', timeoutMs: 20_000 });

    const prompt = 'explain how a mutex differs from a semaphore, zebra-canary-4711';
    const answer = 'A mutex has one owner; quokka-answer-2291.';
    const row = await chat(prompt, answer);

    const span = await eventually(() => receiver.spans().find((s) => s.attributes['model_router.request_id'] === row.id), { what: 'the span of the chat request', timeoutMs: 30_000 });
    assert.equal(span.name, `chat ${row.model}`);
    assert.equal(span.kind, 3, 'a CLIENT span');
    assert.equal(span.endMs - span.startMs, Math.round(row.latencyMs));
    assert.deepEqual(
      [span.attributes['gen_ai.provider.name'], span.attributes['gen_ai.request.model'], span.attributes['gen_ai.usage.input_tokens'], span.attributes['gen_ai.usage.output_tokens'], span.attributes['gen_ai.usage.cache_read.input_tokens']],
      ['anthropic', row.model, promptTokens(row.usage), row.usage.outputTokens, row.usage.cacheReadTokens],
    );
    assert.deepEqual([span.attributes['model_router.tier'], span.attributes['model_router.task_kind'], span.attributes['model_router.surface'], span.attributes['model_router.outcome']], [row.tier, row.taskKind, 'chat', 'ok']);
    assert.equal(promptTokens(row.usage), 900 + 4000 + 300, 'billable input counts the cache read and the cache write');

    const metrics = await eventually(() => {
      const latest = receiver.latestMetrics();
      return latest.some((m) => m.name === 'model_router.requests') && latest;
    }, { what: 'the metrics', timeoutMs: 30_000 });
    const metric = (name: string) => metrics.find((m) => m.name === name);
    const input = metric('gen_ai.client.token.usage')?.points.find((p) => p.attributes['gen_ai.token.type'] === 'input');
    assert.deepEqual([input?.value, input?.count], [promptTokens(row.usage), 1]);
    const output = metric('gen_ai.client.token.usage')?.points.find((p) => p.attributes['gen_ai.token.type'] === 'output');
    assert.equal(output?.value, row.usage.outputTokens);
    assert.equal(metric('gen_ai.client.operation.duration')?.points[0]?.value, row.latencyMs / 1000);
    assert.ok(row.costMicros !== null && row.frontierCostMicros !== null, 'the chat model is priced');
    assert.ok(Math.abs((metric('model_router.cost.usage')?.points[0]?.value ?? -1) - row.costMicros / 1e6) < 1e-9, 'the cost is the ledger’s');
    assert.ok(Math.abs((metric('model_router.savings.usage')?.points[0]?.value ?? -1) - (row.frontierCostMicros - row.costMicros) / 1e6) < 1e-9, 'the savings are the ledger’s');
    const requests = metric('model_router.requests')?.points ?? [];
    assert.deepEqual(
      requests.map((p) => [p.attributes['model_router.tier'], p.attributes['model_router.surface'], p.attributes['model_router.outcome'], p.value]),
      [[row.tier, 'chat', 'ok', 1]],
      'one request: the one made while the export was off is not in it',
    );

    assert.ok(receiver.requests.every((r) => r.headers.authorization === `Bearer ${TOKEN}`), 'every export carries the stored header');
    const everything = receiver.requests.map((r) => r.raw).join('\n');
    for (const text of ['zebra-canary-4711', 'quokka-answer-2291', 'off-canary-5c1d', 'You are', 'semaphore']) assert.ok(!everything.includes(text), `“${text}” reached the collector`);
    assert.ok(whileOff !== undefined && !receiver.spans().some((s) => s.attributes['model_router.request_id'] === whileOff!.id), 'the request made while off was never exported');
    assert.ok(!JSON.stringify(vscode.workspace.getConfiguration('modelRouter').inspect('telemetry.endpoint')).includes(TOKEN), 'the header is not in settings');
  });

  // Last, since it closes the export for the rest of this window.
  it('sends the last request’s metrics and span when VS Code deactivates the extension, before the next export is due', async function () {
    this.timeout(90_000);
    // An hour between exports: only the final flush can deliver this request's metrics.
    await vscode.workspace.getConfiguration('modelRouter').update('telemetry.exportIntervalSeconds', 3600, vscode.ConfigurationTarget.Global);
    await eventually(() => env.api.log.lines().some((line) => line.includes('metrics every 3600 s')), { what: 'the export to restart with an hour between exports', timeoutMs: 20_000 });
    receiver.reset();

    const row = await chat('explain what a condition variable is, last-canary-9e2b', 'It waits for a predicate; last-answer-3c7d.');
    const metricsBefore = receiver.requests.filter((r) => r.signal === 'metrics').length;
    await extensionModule().deactivate();

    assert.equal(metricsBefore, 0, 'no metrics were due before the extension was deactivated');
    const span = receiver.spans().find((s) => s.attributes['model_router.request_id'] === row.id);
    assert.ok(span !== undefined, `the span of the last request arrived by the time deactivate returned (the collector got ${receiver.requests.length} exports)`);
    assert.deepEqual([span.attributes['model_router.tier'], span.attributes['model_router.surface'], span.attributes['model_router.outcome']], [row.tier, 'chat', 'ok']);
    const requests = receiver.latestMetrics().find((m) => m.name === 'model_router.requests')?.points ?? [];
    assert.deepEqual(
      requests.map((p) => [p.attributes['model_router.tier'], p.attributes['model_router.task_kind'], p.attributes['model_router.surface'], p.value]),
      [[row.tier, row.taskKind, 'chat', 1]],
      'the final export counts the last request',
    );
    assert.ok(row.costMicros !== null);
    assert.ok(Math.abs((receiver.latestMetrics().find((m) => m.name === 'model_router.cost.usage')?.points[0]?.value ?? -1) - row.costMicros / 1e6) < 1e-9, 'its cost is the ledger’s');
  });
});
