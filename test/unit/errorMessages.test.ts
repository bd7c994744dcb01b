import assert from 'node:assert/strict';
import { describeError } from '../../src/core/errorMessages';

describe('describeError', () => {
  it('offers Set API Key for a refused key and keeps the provider’s words', () => {
    const error = describeError({ kind: 'auth', message: 'invalid x-api-key', status: 401 }, 'claude-haiku-5-5');
    assert.deepEqual(error.actions, ['setApiKey']);
    assert.match(error.message, /API key was refused \(invalid x-api-key\)/);
  });

  it('says how long a rate limit asks to wait', () => {
    const error = describeError({ kind: 'rateLimit', message: 'slow down', retryAfterSeconds: 3600 }, 'claude-opus-5-5');
    assert.match(error.message, /Rate limited on claude-opus-5-5\. The API asked to wait 1 h\./);
    assert.deepEqual(error.actions, ['retry', 'chooseTier']);
  });

  it('names the overloaded model and offers another tier', () => {
    const error = describeError({ kind: 'overloaded', message: 'Overloaded' }, 'claude-opus-5-5');
    assert.match(error.message, /claude-opus-5-5 is overloaded/);
    assert.ok(error.actions.includes('chooseTier'));
  });

  it('points a network failure at the base URL setting', () => {
    assert.ok(describeError({ kind: 'network', message: 'ECONNREFUSED' }, 'm').actions.includes('openSettings'));
  });
});
