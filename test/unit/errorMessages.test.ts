import assert from 'node:assert/strict';
import { describeError } from '../../src/core/model/errorMessages';

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

describe('describeError for a stream that broke after it started', () => {
  it('says a cut connection broke mid-answer, keeps what arrived, and does not blame the base URL', () => {
    const error = describeError({ kind: 'network', message: 'terminated: other side closed', midStream: true }, 'claude-opus-5-5');
    assert.equal(error.message, 'The connection broke while claude-opus-5-5 was answering (terminated: other side closed). What arrived is kept; retry to continue.');
    assert.ok(!error.actions.includes('openSettings'));
  });

  it('says a stall stopped the request, without a doubled full stop', () => {
    const error = describeError({ kind: 'timeout', message: 'the stream stalled: nothing arrived for 5 s, so the request was stopped.', midStream: true }, 'claude-sonnet-5-5');
    assert.equal(error.message, 'claude-sonnet-5-5 stopped answering (the stream stalled: nothing arrived for 5 s, so the request was stopped). What arrived is kept; retry to continue.');
  });

  it('says an unreadable event broke the answer off rather than calling it a server error', () => {
    const error = describeError({ kind: 'server', message: 'the API sent an event that is not valid JSON: Unterminated string', midStream: true }, 'claude-haiku-5-5');
    assert.match(error.message, /^The answer from claude-haiku-5-5 broke off \(the API sent an event that is not valid JSON: Unterminated string\)\. What arrived is kept/);
  });

  it('still says a connection that never opened could not reach the API', () => {
    assert.match(describeError({ kind: 'network', message: 'ECONNREFUSED' }, 'm').message, /^Could not reach the API \(ECONNREFUSED\)\. Check the connection/);
  });
});
