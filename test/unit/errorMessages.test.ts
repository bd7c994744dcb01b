import assert from 'node:assert/strict';
import { describeError } from '../../src/core/model/errorMessages';

describe('describeError', () => {
  it('offers Set API Key for a refused key and keeps the provider’s words', () => {
    const error = describeError({ kind: 'auth', message: 'invalid x-api-key', status: 401 }, 'claude-haiku-5-5');
    assert.deepEqual(error.actions, ['setApiKey']);
    assert.match(error.message, /API key was refused \(invalid x-api-key\)/);
  });

  it('names the gateway that refused its own key and offers Set Gateway Key, not Set API Key', () => {
    const error = describeError({ kind: 'auth', message: 'Authentication Error, Invalid proxy server token passed.', status: 401, gateway: { url: 'https://llm.example.internal', ownKey: true } }, 'claude-haiku-5-5');
    assert.equal(error.message, 'The gateway at https://llm.example.internal (modelRouter.api.baseUrl) refused its gateway key (Authentication Error, Invalid proxy server token passed). Set the key it expects with “Model Router: Set Gateway Key”.');
    assert.deepEqual(error.actions, ['setGatewayKey']);
  });

  it('says a gateway sent the Anthropic key refused it, and offers both keys', () => {
    const error = describeError({ kind: 'auth', message: 'forbidden', status: 403, gateway: { url: 'http://localhost:4000', ownKey: false } }, 'claude-haiku-5-5');
    assert.match(error.message, /^The gateway at http:\/\/localhost:4000 \(modelRouter\.api\.baseUrl\) refused your Anthropic API key \(forbidden\)\. If the gateway gives out keys of its own, set yours with “Model Router: Set Gateway Key”; otherwise set a valid Anthropic API key\.$/);
    assert.deepEqual(error.actions, ['setGatewayKey', 'setApiKey']);
  });

  it('still says no Anthropic key is set behind a gateway when none is', () => {
    const error = describeError({ kind: 'auth', message: 'No Anthropic API key is set.', gateway: { url: 'http://localhost:4000', ownKey: false } }, 'claude-haiku-5-5');
    assert.deepEqual(error.actions, ['setApiKey']);
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
