// Helpers for the language model tests: Model Router's models as `vscode.lm` hands them out, the
// test tool of test/fixtures/lm-tool-extension, what came back from a request, and what the ledger
// holds. Requests go through VS Code's own language model API, so they take the path every chat
// request takes: vscode.lm → the provider → the engine → the fake API.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { SpendRecord } from '../../../src/core/spend/spendRecord';
import { parseLedgerLine } from '../../../src/core/spend/spendRecord';
import type { ModelRouterApi } from '../../../src/extension';
import type { RecordedRequest } from '../../fakes/fakeAnthropic';

export const VENDOR = 'model-router';
export const TOOL_FIXTURE_ID = 'model-router-test.lm-tool-fixture';

/** The controls test/fixtures/lm-tool-extension returns from activate(). */
export interface ToolFixture {
  readonly tool: string;
  readonly invocations: unknown[];
  failWith(message: string | undefined): void;
}

export async function toolFixture(): Promise<ToolFixture> {
  const extension = vscode.extensions.getExtension<ToolFixture>(TOOL_FIXTURE_ID);
  assert.ok(extension, `${TOOL_FIXTURE_ID} is not loaded: the main suite must load test/fixtures/lm-tool-extension`);
  return extension.activate();
}

/** The tool as a language model sees it: what VS Code's agent passes in `tools`. */
export function toolInfo(fixture: ToolFixture): vscode.LanguageModelChatTool {
  const info = vscode.lm.tools.find((tool) => tool.name === fixture.tool);
  assert.ok(info, `vscode.lm.tools has no ${fixture.tool}; tools: ${vscode.lm.tools.map((tool) => tool.name).join(', ')}`);
  return { name: info.name, description: info.description, inputSchema: info.inputSchema };
}

export async function routerModel(id: 'auto' | 'fast' | 'balanced' | 'frontier'): Promise<vscode.LanguageModelChat> {
  const models = await vscode.lm.selectChatModels({ vendor: VENDOR, id });
  assert.equal(models.length, 1, `vscode.lm.selectChatModels({ vendor: '${VENDOR}', id: '${id}' }) returned ${models.length} models`);
  return models[0];
}

export interface Answer {
  readonly text: string;
  readonly toolCalls: vscode.LanguageModelToolCallPart[];
}

/** Reads a response to its end: the text, and the tool calls in order. */
export async function collect(response: vscode.LanguageModelChatResponse): Promise<Answer> {
  let text = '';
  const toolCalls: vscode.LanguageModelToolCallPart[] = [];
  for await (const part of response.stream) {
    if (part instanceof vscode.LanguageModelTextPart) text += part.value;
    else if (part instanceof vscode.LanguageModelToolCallPart) toolCalls.push(part);
  }
  return { text, toolCalls };
}

/**
 * Runs a tool call through VS Code, as an agent does; a tool that throws becomes the result text
 * VS Code's agent sends back in that case.
 */
export async function invoke(call: vscode.LanguageModelToolCallPart): Promise<vscode.LanguageModelToolResultPart> {
  try {
    const result = await vscode.lm.invokeTool(call.name, { input: call.input, toolInvocationToken: undefined });
    return new vscode.LanguageModelToolResultPart(call.callId, result.content);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return new vscode.LanguageModelToolResultPart(call.callId, [new vscode.LanguageModelTextPart(`ERROR while calling tool: ${message}`)]);
  }
}

/** Model Router's language model requests in the ledger file, oldest first. */
export function ledgerRecords(api: ModelRouterApi, conversationId?: string): SpendRecord[] {
  return readFileSync(api.ledgerPath, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => parseLedgerLine(line))
    .flatMap((parsed) => (parsed.ok && parsed.entry.type === 'request' ? [parsed.entry] : []))
    .filter((record) => record.surface === 'languageModel' && (conversationId === undefined || record.conversationId === conversationId));
}

interface BodyBlock {
  readonly type?: string;
  readonly text?: string;
  readonly tool_use_id?: string;
  readonly content?: unknown;
  readonly cache_control?: unknown;
  readonly source?: { readonly media_type?: string; readonly data?: string };
}

/** The content blocks of the last message the fake received in `request`. */
export function lastMessageBlocks(request: RecordedRequest): BodyBlock[] {
  const messages = request.body['messages'] as Array<{ role: string; content: string | BodyBlock[] }>;
  const last = messages[messages.length - 1];
  return typeof last.content === 'string' ? [{ type: 'text', text: last.content }] : last.content;
}
