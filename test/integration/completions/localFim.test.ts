// Inline completions on a local Ollama-flavoured server, in the real VS Code: with the fast tier on
// the local server, typing in the editor shows the middle that Ollama's fill-in-the-middle endpoint
// (/api/generate with a suffix) streamed, nothing goes to the API, and the ledger records the
// completion at $0 with its savings against the fast tier's cloud model, its usage marked estimated.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { SpendRecord } from '../../../src/core/spend/spendRecord';
import { parseLedgerLine } from '../../../src/core/spend/spendRecord';
import type { ModelRouterApi } from '../../../src/extension';
import type { FakeAnthropic } from '../../fakes/fakeAnthropic';
import type { FakeLocalServer } from '../../fakes/fakeLocalServer';
import { startFakeLocalServer } from '../../fakes/fakeLocalServer';
import { eventually } from '../support/eventually';
import { resetSettings, routerApi, setKeyThroughUi, startFake } from '../support/router';
import { closeAll, openAt, quietEditor, typeKeys, waitForGhost } from './editing';

const MODEL = 'qwen2.5-coder:1.5b';
const SETTINGS = ['api.baseUrl', 'local.url', 'local.model', 'tiers.fast.endpoint'];

function completionRecords(api: ModelRouterApi): SpendRecord[] {
  return readFileSync(api.ledgerPath, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => parseLedgerLine(line))
    .flatMap((parsed) => (parsed.ok && parsed.entry.type === 'request' && parsed.entry.surface === 'completion' ? [parsed.entry] : []));
}

describe('inline completions from a local server\'s fill-in-the-middle endpoint', () => {
  let api: ModelRouterApi;
  let cloud: FakeAnthropic;
  let local: FakeLocalServer;

  before(async () => {
    api = await routerApi();
    cloud = await startFake();
    await setKeyThroughUi(cloud.apiKey);
    local = await startFakeLocalServer({ flavour: 'ollama', models: [MODEL] });
    const section = vscode.workspace.getConfiguration('modelRouter');
    await section.update('local.url', local.url, vscode.ConfigurationTarget.Global);
    await section.update('local.model', MODEL, vscode.ConfigurationTarget.Global);
    await section.update('tiers.fast.endpoint', 'local', vscode.ConfigurationTarget.Global);
    await eventually(() => api.settings.endpoints.local?.url === local.url && api.settings.policy.tiers.fast.model === MODEL, { what: `the fast tier to run ${MODEL} at ${local.url}` });
    await quietEditor(true);
    api.completions.clearCache();
  });
  after(async () => {
    await closeAll();
    await quietEditor(false);
    await resetSettings(SETTINGS);
    await cloud.close();
    await local.close();
  });

  it('shows the middle Ollama streamed as ghost text and records it at $0 with savings', async () => {
    local.setFimAnswer(['a + ', 'b;']);
    const explain = () => `The local server saw ${local.requests.map((r) => r.path).join(', ') || 'nothing'}; the log ends:\n${api.log.lines().slice(-12).join('\n')}`;
    await openAt('src/sum.ts', 'export function sum(a: number, b: number): number {\n  |\n}\n');
    await typeKeys('return ');
    await waitForGhost('a + b;', explain, 30_000);

    const fim = local.requests.filter((r) => r.path === '/api/generate');
    assert.ok(fim.length >= 1, `the completion should come from /api/generate. ${explain()}`);
    const last = fim[fim.length - 1]!;
    assert.match(String(last.body['prompt']), /return $/, 'the text before the cursor is the prompt');
    assert.match(String(last.body['suffix']), /^\n\}/, 'the text after it is the suffix');
    assert.equal(last.model, MODEL);
    assert.equal(cloud.requests.length, 0, 'nothing went to the API');

    const record = await eventually(() => completionRecords(api).find((r) => r.model === MODEL && r.outcome === 'ok'), { what: 'the local completion in the ledger', timeoutMs: 30_000 });
    assert.equal(record.endpoint, 'local');
    assert.equal(record.costMicros, 0, 'a local completion costs $0');
    assert.ok((record.frontierCostMicros ?? 0) > 0, 'its savings are what the fast tier\'s cloud model would have cost');
    assert.equal(record.usageEstimated, true, 'Ollama\'s counts are approximate, so the row says estimated');
  });
});
