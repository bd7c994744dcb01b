import assert from 'node:assert/strict';
import type { LmMessage } from '../../src/core/languageModel/lmMessages';
import { attachedFiles, promptWithAttachments, taskSignals, userRequestOf } from '../../src/core/languageModel/taskSignals';

const user = (text: string): LmMessage => ({ role: 'user', parts: [{ type: 'text', text }] });
const assistantCall = (callId: string): LmMessage => ({ role: 'assistant', parts: [{ type: 'toolCall', callId, name: 'read', input: {} }] });
const toolResult = (callId: string): LmMessage => ({ role: 'user', parts: [{ type: 'toolResult', callId, text: 'ok', isError: false }] });

const AGENT_PROMPT = [
  '<context>The current date is 2026-11-22.</context>',
  '<attachments>',
  '<attachment id="file:session.ts" filePath="/work/app/src/auth/session.ts">export function login() {}</attachment>',
  '<attachment filePath="/work/app/src/api.ts">token = 1</attachment>',
  '</attachments>',
  '<userRequest>',
  'rename the variable x to count',
  '</userRequest>',
].join('\n');

describe('task signals of a language model conversation', () => {
  it('reads the user’s words and the attached files out of VS Code’s agent prompt', () => {
    const signals = taskSignals([{ role: 'system', parts: [{ type: 'text', text: 'You are an agent.' }] }, user(AGENT_PROMPT)]);
    assert.equal(signals.prompt, 'rename the variable x to count', 'the attached code must not be classified or scanned for sensitive words');
    assert.deepEqual(signals.files, ['/work/app/src/auth/session.ts', '/work/app/src/api.ts']);
    assert.equal(signals.isToolStep, false);
    assert.ok(signals.contextTokens > 50, `context tokens ${signals.contextTokens}`);
  });

  it('sizes a conversation in Chinese or Japanese at about a token a character, so a large one reaches the frontier threshold', () => {
    const english = 'rename the variable x to count everywhere in this module. ';
    assert.equal(taskSignals([user(english.repeat(100))]).contextTokens, Math.ceil((english.length * 100 * 13) / 40), 'English is sized as before');
    const file = '// 读取配置文件，缺少的字段使用默认值。\n'.repeat(8_000);
    const signals = taskSignals([user(promptWithAttachments('解释这个模块', [{ path: 'src/config.ts', text: file }]))]);
    // 160,000 characters of which 144,000 Chinese: about 190k tokens on the current tokenizer, not the 52k of 4 characters a token.
    assert.ok(signals.contextTokens > 180_000 && signals.contextTokens < 200_000, `context tokens ${signals.contextTokens}`);
    const japanese = taskSignals([user('このモジュールの設定の読み込みを説明して。'.repeat(10_000))]);
    assert.ok(japanese.contextTokens > 200_000, `210,000 Japanese characters should be over the 200k tokens that send a request to frontier, got ${japanese.contextTokens}`);
  });

  it('keeps the key for every tool step and later turn of the conversation, and tells steps from turns', () => {
    const first = taskSignals([user('fix the parser')]);
    const step = taskSignals([user('fix the parser'), assistantCall('c1'), toolResult('c1')]);
    const turn = taskSignals([user('fix the parser'), assistantCall('c1'), toolResult('c1'), user('now add tests')]);
    assert.equal(step.key, first.key);
    assert.equal(turn.key, first.key);
    assert.deepEqual([first.isToolStep, step.isToolStep, turn.isToolStep], [false, true, false]);
    assert.deepEqual([first.promptIndex, step.promptIndex, turn.promptIndex], [0, 0, 3]);
    assert.equal(step.prompt, 'fix the parser', 'a tool step still knows the request it serves');
    assert.notEqual(taskSignals([user('fix the lexer')]).key, first.key);
  });

  it('keys on the first request, not on workspace context every conversation shares', () => {
    const shared = user('<workspace_info>the same for every chat</workspace_info>');
    const a = taskSignals([shared, user('<userRequest>fix the parser</userRequest>')]);
    const b = taskSignals([shared, user('<userRequest>explain the lexer</userRequest>')]);
    assert.notEqual(a.key, b.key);
  });

  it('round-trips @router’s attachments, and takes plain text as it is', () => {
    const prompt = promptWithAttachments('explain this', [{ path: 'src/a "b".ts', text: 'const a = 1;' }]);
    assert.equal(userRequestOf(prompt), 'explain this');
    assert.deepEqual(attachedFiles(prompt), ['src/a "b".ts']);
    assert.equal(promptWithAttachments('just a question', []), 'just a question');
    assert.equal(userRequestOf('just a question'), 'just a question');
  });
});
