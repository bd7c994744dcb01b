import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { ModelRouterApi } from '../../../src/extension';
import type { FakeAnthropic } from '../../fakes/fakeAnthropic';
import { ok } from '../../fakes/fakeAnthropic';
import { ask, resetSettings, routerApi, setKeyThroughUi, startFake } from '../support/router';

describe('the API key', () => {
  let api: ModelRouterApi;
  let fake: FakeAnthropic;
  const wrongKey = 'sk-ant-wrong-Hc4Jd8Ns3Wq6Ty1E-routerTestKey';

  before(async () => {
    api = await routerApi();
    fake = await startFake();
  });
  after(async () => {
    await resetSettings(['api.baseUrl']);
    await fake.close();
  });

  it('never reaches the log or the ledger, not even in a 401 that quotes it', async () => {
    await setKeyThroughUi(wrongKey);
    const refused = await ask(api, 'explain this');
    assert.equal(refused.kind, 'done');
    assert.equal(refused.kind === 'done' && refused.result.outcome, 'error');
    assert.equal(refused.kind === 'done' && refused.result.outcome === 'error' && refused.result.error.kind, 'auth');

    await setKeyThroughUi(fake.apiKey);
    fake.enqueue(ok());
    const answered = await ask(api, 'explain this');
    assert.equal(answered.kind === 'done' && answered.result.outcome, 'ok');

    const log = api.log.lines().join('\n');
    assert.ok(log.includes('error') || log.includes('auth'), 'the 401 should be logged');
    for (const key of [wrongKey, fake.apiKey]) {
      assert.ok(!log.includes(key), 'an API key appeared in the log');
      assert.ok(!readFileSync(api.ledgerPath, 'utf8').includes(key), 'an API key appeared in the ledger');
    }
  });
});
