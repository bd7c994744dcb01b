// The second opinion in the real VS Code: with modelRouter.routing.askFastTierWhenUnsure on, a chat
// request the local classifier is unsure of first asks the fast model (the loopback fake) which task
// kind it is; the request then goes where that kind goes, the reasons say so, and the question is its
// own row in the ledger's file on surface `router`. When the fast model does not answer in time the
// local decision stands, and says so.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { interrupted, ok } from '../../fakes/fakeAnthropic';
import type { ModelRouterApi } from '../../../src/extension';
import { eventually } from '../support/eventually';
import { resetSettings, withFakeApi } from '../support/router';

const CANDIDATES = ['what about the parser?', 'can you look at the cart thing', 'the total is off sometimes', 'hmm, the parser', 'what about it?', 'and the cart?'];

function chat(api: ModelRouterApi, prompt: string) {
  return api.engine.run({
    request: { surface: 'chat', prompt },
    prompt: () => ({ system: [{ type: 'text', text: 'You are a test.' }], messages: [{ role: 'user', content: prompt }], maxTokens: 256 }),
  });
}

/** The ledger file's request rows whose API request id is one of `ids`. */
function rows(api: ModelRouterApi, ids: readonly string[]): Array<{ surface: string; tier: string; rule: string; outcome: string; costMicros: number | null }> {
  return readFileSync(api.ledgerPath, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { type: string; id: string; surface: string; tier: string; rule: string; outcome: string; costMicros: number | null })
    .filter((entry) => entry.type === 'request' && ids.includes(entry.id));
}

describe('the second opinion: an unsure request asks the fast tier for its kind', function () {
  this.timeout(120_000);
  const env = withFakeApi();
  let unsure: string;

  before(async () => {
    await vscode.workspace.getConfiguration('modelRouter').update('routing.askFastTierWhenUnsure', true, vscode.ConfigurationTarget.Global);
    await eventually(() => env.api.settings.config['routing.askFastTierWhenUnsure'], { what: 'the setting to apply' });
    const found = CANDIDATES.find((prompt) => {
      const decision = env.api.engine.preview({ surface: 'chat', prompt });
      return decision.classification?.learned?.unsure === true && decision.floor === undefined;
    });
    assert.ok(found, 'one of the candidate prompts leaves the shipped model unsure');
    unsure = found;
  });
  after(async () => {
    await resetSettings(['routing.askFastTierWhenUnsure']);
  });

  it('routes by the fast tier’s answer, with the reason and the question’s own ledger row', async () => {
    env.fake.enqueue(ok({ text: ['refactor'], usage: { inputTokens: 500, outputTokens: 2 } }), ok({ text: ['The refactor.'], usage: { inputTokens: 1000, outputTokens: 100 } }));
    const result = await chat(env.api, unsure);
    assert.equal(result.kind, 'done');
    if (result.kind !== 'done') return;
    assert.equal(env.fake.requests.length, 2, 'the classification, then the request');
    assert.equal(env.fake.requests[0].model, 'claude-haiku-5-5', 'the fake received the classification request on the fast model');
    assert.match(JSON.stringify(env.fake.requests[0].body.messages), new RegExp(unsure.replace(/[?]/g, '\\?')), 'it carries the prompt');
    assert.equal(env.fake.requests[1].model, 'claude-sonnet-5-5', 'a refactor goes to balanced');
    assert.match(result.decision.reasons[0], /^Second opinion: the local classifier was unsure, \d+% sure of .+; the fast tier \(claude-haiku-5-5\) read it as refactor$/);
    const ids = result.attempts.map((attempt) => attempt.id);
    const written = await eventually(() => {
      const found = rows(env.api, ids);
      return found.length === 2 && found;
    }, { what: 'both rows in the ledger file', timeoutMs: 30_000 });
    assert.deepEqual(written.map((row) => [row.surface, row.tier, row.rule, row.outcome]), [['router', 'fast', 'router:secondOpinion', 'ok'], ['chat', 'balanced', 'taskKind:refactor', 'ok']]);
    assert.ok((written[0].costMicros ?? 0) > 0, 'the question has its own cost');
  });

  it('falls back to the local decision when the fast tier does not answer in time', async () => {
    const local = env.api.engine.preview({ surface: 'chat', prompt: unsure });
    env.fake.enqueue(interrupted('stall', 0, { text: ['never'] }), ok({ text: ['The local answer.'] }));
    const result = await chat(env.api, unsure);
    assert.equal(result.kind, 'done');
    if (result.kind !== 'done') return;
    assert.equal(env.fake.requests[1].model, local.model, 'the request goes where the local decision sent it');
    assert.equal(result.decision.taskKind, local.taskKind);
    assert.ok(result.decision.reasons.includes('Second opinion: no answer within 1.5 s from the fast tier; the local decision stands'), result.decision.reasons.join('; '));
    const written = await eventually(() => {
      const found = rows(env.api, result.attempts.map((attempt) => attempt.id));
      return found.length === 2 && found;
    }, { what: 'both rows in the ledger file', timeoutMs: 30_000 });
    assert.deepEqual(written.map((row) => [row.surface, row.outcome]), [['router', 'cancelled'], ['chat', 'ok']]);
  });
});
