import * as assert from 'node:assert/strict';
import { mergeRoutingDoc, routingDoc } from '../../src/core/devLoop/routingDoc';
import type { RoutingDocInput } from '../../src/core/devLoop/routingDoc';
import { DEFAULT_POLICY, parsePolicy } from '../../src/core/routing/policy';
import type { SpendRecord } from '../../src/core/spend/spendRecord';
import { request } from './spendFixtures';

const now = new Date('2026-12-03T12:00:00Z');
const since = new Date('2026-11-09T00:00:00Z');

function record(overrides: Partial<SpendRecord>, time = '2026-12-01T10:00:00Z'): SpendRecord {
  return { v: 1, type: 'request', id: `r${Math.random()}`, time, sessionId: 's', ...request(), ...overrides } as SpendRecord;
}

function input(overrides: Partial<RoutingDocInput> = {}): RoutingDocInput {
  return { policy: DEFAULT_POLICY, teamFile: false, records: [], since, now, ...overrides };
}

describe('ROUTING.md', () => {
  it('writes the model pool, the routing table, the must-stay-frontier list, the overrides and the context rule from the effective policy', () => {
    const policy = parsePolicy({ tiers: { fast: { model: 'claude-haiku-9' } }, taskKinds: { explain: 'fast' }, pins: { review: 'frontier' }, floor: { pathTerms: ['ledger', 'auth'] } }).policy;
    const text = routingDoc(input({ policy, teamFile: true }));
    assert.match(text, /\| fast \| `claude-haiku-9`, effort low \|/, 'the model pool names the effective models');
    assert.match(text, /\| frontier \| `claude-opus-5-5`, effort medium \|/);
    assert.match(text, /\| explanation \(`explain`\) \| fast \| set by the policy \(default balanced\) \|/, 'a changed kind says where its tier came from');
    assert.match(text, /\| code review \(`review`\) \| frontier \| pinned to frontier \|/i);
    assert.match(text, /\| deep audit \(`deepAudit`\) \| frontier \|/);
    assert.match(text, /never goes below \*\*frontier\*\*.*`ledger`, `auth`/, 'the floor’s own terms');
    assert.match(text, /## Who may override, and how[\s\S]*Choose Tier[\s\S]*This repository has one/);
    assert.match(text, /## How context carries across a switch[\s\S]*prompt cache/);
    assert.match(text, /## Team notes/, 'a section of the user’s own to start from');
  });

  it('lists the folder and language rules with where each came from', () => {
    const policy = parsePolicy({
      rules: [
        { taskKind: 'refactor', paths: ['src/reporting/**'], tier: 'frontier', learned: { on: '2026-12-03', signals: 4, of: 4, said: 'stronger' } },
        { taskKind: 'explain', languages: ['markdown'], tier: 'fast' },
        { taskKind: 'tests', paths: ['services/**'], tier: 'frontier', from: 'team' },
      ],
    }).policy;
    const text = routingDoc(input({ policy }));
    assert.match(text, /^- refactor \(`refactor`\) in `src\/reporting\/\*\*` → frontier: your user settings, learned 2026-12-03$/m);
    assert.match(text, /^- explanation \(`explain`\) in `markdown` files → fast: your user settings$/m);
    assert.match(text, /^- tests \(`tests`\) in `services\/\*\*` → frontier: the team file \(may only raise\)$/m);
    assert.doesNotMatch(routingDoc(input()), /Folder and language rules/, 'nothing without rules');
  });

  it('says when the floor is off', () => {
    const text = routingDoc(input({ policy: parsePolicy({ floor: { enabled: false } }).policy }));
    assert.match(text, /The sensitive-work floor is off in this policy/);
  });

  it('reports the weeks’ observed split by tier and task kind from the ledger, and nothing outside the window', () => {
    const records = [
      record({ taskKind: 'completion', tier: 'fast', model: 'claude-haiku-5-5', costMicros: 1_000 }),
      record({ taskKind: 'completion', tier: 'fast', model: 'claude-haiku-5-5', costMicros: 1_000 }),
      record({ taskKind: 'tests', tier: 'balanced', costMicros: 8_000 }),
      record({ taskKind: 'security', tier: 'frontier', model: 'claude-opus-5-5', costMicros: 30_000 }),
      record({ taskKind: 'tests', tier: 'frontier', costMicros: 99_000_000 }, '2026-10-01T10:00:00Z'),
    ];
    const text = routingDoc(input({ records }));
    assert.match(text, /## Observed split, 2026-11-09 to 2026-12-03/);
    assert.match(text, /4 requests in this machine's ledger, \$0\.040 in all/);
    assert.match(text, /\| fast \| 2 \| 50% \| \$0\.0020 \| 5% \|/);
    assert.match(text, /\| frontier \| 1 \| 25% \| \$0\.030 \| 75% \|/);
    assert.match(text, /\| completion \| 2 \| 0 \| 2 \| 0 \| 0 \| \$0\.0020 \|/);
    assert.match(text, /\| tests \| 1 \| 0 \| 0 \| 1 \| 0 \| \$0\.0080 \|/, 'the October request is outside the weeks');
    assert.match(routingDoc(input()), /No requests in this machine's ledger for these weeks/);
  });

  it('keeps the user’s own sections, in place, when written again', () => {
    const first = routingDoc(input());
    const edited = first
      .replace('## Team notes\n\nYour own notes', '## Team notes\n\nAsk Dana before pinning anything.\n\nYour own notes')
      .replace('<!-- model-router:begin overrides -->', '## Our exception\n\nMigrations go through Priya.\n\n<!-- model-router:begin overrides -->')
      .replace('<!-- model-router:end tiers -->', '<!-- model-router:end tiers -->\n\nWe pay for Opus on Fridays only.');
    const again = mergeRoutingDoc(edited, input({ policy: parsePolicy({ tiers: { frontier: { model: 'claude-opus-6' } } }).policy, records: [record({})] }));
    assert.match(again, /`claude-opus-6`/, 'the generated text is new');
    assert.doesNotMatch(again, /No requests in this machine's ledger/, 'the observed split is new');
    for (const own of ['Ask Dana before pinning anything.', '## Our exception\n\nMigrations go through Priya.\n\n<!-- model-router:begin overrides -->', '<!-- model-router:end tiers -->\n\nWe pay for Opus on Fridays only.']) assert.ok(again.includes(own), `kept in place: ${own}`);
    assert.equal(mergeRoutingDoc(again, input({ policy: parsePolicy({ tiers: { frontier: { model: 'claude-opus-6' } } }).policy, records: [record({})] })), again, 'writing again with nothing changed changes nothing');
  });

  it('leaves out a region the user deleted, and keeps a hand-written file whole above the generated text', () => {
    const first = routingDoc(input());
    const withoutContext = first.replace(/<!-- model-router:begin context -->[\s\S]*?<!-- model-router:end context -->\n\n/, '');
    assert.doesNotMatch(mergeRoutingDoc(withoutContext, input()), /How context carries/);
    const handWritten = '# Our routing\n\nEverything on Sonnet unless Dana says so.\n';
    const merged = mergeRoutingDoc(handWritten, input());
    assert.ok(merged.startsWith(handWritten), 'the hand-written text comes first, unchanged');
    assert.match(merged, /<!-- model-router:begin tiers -->/);
  });
});
