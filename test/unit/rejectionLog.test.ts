import assert from 'node:assert/strict';
import { RejectionLog } from '../../src/core/validation/rejectionLog';

describe('RejectionLog', () => {
  it('logs the first rejections one by one, then counts the rest and sums them up in the next window', () => {
    let now = 0;
    const lines: string[] = [];
    const log = new RejectionLog('chat', (line) => lines.push(line), { burst: 3, windowMs: 10_000, now: () => now });
    for (let i = 0; i < 1000; i++) log.reject(`problem ${i}`);
    assert.equal(log.total, 1000);
    assert.deepEqual(lines, [
      'chat: rejected a malformed message from the webview (problem 0)',
      'chat: rejected a malformed message from the webview (problem 1)',
      'chat: rejected a malformed message from the webview (problem 2)',
      'chat: more malformed messages in the next 10 s are counted, not logged one by one',
    ]);
    now = 10_000;
    log.reject('late');
    assert.equal(lines[4], 'chat: 997 more malformed messages from the webview were rejected (1001 since start)');
    assert.equal(lines[5], 'chat: rejected a malformed message from the webview (late)');
    assert.equal(lines.length, 6, 'every rejection is in the log once, one by one or in a count');
  });

  it('writes nothing more when every rejection was logged', () => {
    const lines: string[] = [];
    const log = new RejectionLog('spend report', (line) => lines.push(line), { burst: 5, windowMs: 1000, now: () => 0 });
    log.reject('a');
    log.flush();
    assert.deepEqual(lines, ['spend report: rejected a malformed message from the webview (a)']);
  });
});
