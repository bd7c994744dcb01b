/**
 * A team's report: each developer exports their ledger as JSONL with their `team.developer` label,
 * and `model-router report --by developer` totals the exports by person; an export without a
 * label is its own row, never guessed from the file's name.
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../src/cli/cli';
import { ledgerToJsonl } from '../../src/core/spend/ledgerExport';
import type { SpendRecord } from '../../src/core/spend/spendRecord';
import { parseLayeredSettings } from '../../src/core/settings/tightening';
import { request } from './spendFixtures';

let ids = 0;
const record = (overrides: Partial<SpendRecord>): SpendRecord => ({ v: 1, type: 'request', id: `t${++ids}`, time: '2026-11-20T12:00:00Z', sessionId: 's1', ...request(), ...overrides }) as SpendRecord;

describe('model-router report --by developer', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'model-router-team-'));
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  async function run(argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, { out: (line) => out.push(line), err: (line) => err.push(line), readFile: (file) => fs.readFile(file, 'utf8') });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  it('totals several developers\' labelled exports by developer, counting local and gateway-billed requests', async () => {
    const alice = path.join(dir, 'alice.jsonl');
    const bob = path.join(dir, 'bob.jsonl');
    const carol = path.join(dir, 'export.jsonl');
    await fs.writeFile(alice, ledgerToJsonl([record({ costMicros: 7000 }), record({ costMicros: 0, endpoint: 'local', model: 'qwen2.5-coder:7b', tier: 'fast' })], 'Alice'));
    await fs.writeFile(bob, ledgerToJsonl([record({ costMicros: 20_000, gatewayCostMicros: 21_500 })], 'bob@example.com'));
    await fs.writeFile(carol, ledgerToJsonl([record({ costMicros: 100 })]));
    const json = await run(['report', '--ledger', alice, '--ledger', bob, '--ledger', carol, '--by', 'developer', '--json']);
    assert.equal(json.code, 0, json.err);
    const report = JSON.parse(json.out) as { rows: Array<{ key: string; requests: number; costUsd: number }>; localRequests: number; gatewayCostUsd: number; gatewayEstimateUsd: number };
    assert.deepEqual(report.rows.map((row) => [row.key, row.requests, row.costUsd]), [['bob@example.com', 1, 0.02], ['Alice', 2, 0.007], ['(no developer label)', 1, 0.0001]]);
    assert.equal(report.localRequests, 1);
    assert.equal(report.gatewayCostUsd, 0.0215);
    assert.equal(report.gatewayEstimateUsd, 0.02);

    const text = await run(['report', '--ledger', alice, '--ledger', bob, '--by', 'developer']);
    assert.match(text.out, /^Alice\s+2\s+\$0\.0070/m);
    assert.match(text.out, /1 requests ran on a local server/);
    assert.match(text.out, /The gateway billed \$0\.022 for 1 requests; Model Router estimated \$0\.020 for them \(\+\$0\.0015 billed above the estimate\)/);
  });

  it('takes the label from the user\'s settings only, and refuses one that is not a name', () => {
    const read = (user: unknown, workspace: unknown) => parseLayeredSettings((key) => (key === 'team.developer' ? (workspace ?? user) : undefined), (key) => (key === 'team.developer' ? { user, workspace } : {}), true);
    assert.equal(read('Alice', 'Mallory').config['team.developer'], 'Alice', 'a workspace cannot relabel your export');
    const bad = read('x\n![img](http://evil)', undefined);
    assert.equal(bad.config['team.developer'], '');
    assert.match(bad.issues[0]?.message ?? '', /expected a name of 1-64 letters/);
  });
});
