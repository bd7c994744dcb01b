/**
 * VS Code's language model messages in the core's editor-free form (src/core/languageModel). Parts
 * are matched by class and, for parts revived from another extension's objects, by shape; parts
 * the model cannot use (prompt-tsx trees, cache hints and other data) are left out.
 */
import * as vscode from 'vscode';
import type { LmMessage, LmPart, LmRole } from '../../core/languageModel/lmMessages';
import { looksLikeToolError } from '../../core/languageModel/taskFailure';
import type { ToolDefinition } from '../../core/model/llm';

/** VS Code's proposed System role; agents (Copilot's included) send their instructions with it. */
const SYSTEM_ROLE = 3;

export function fromRequestMessages(messages: readonly vscode.LanguageModelChatRequestMessage[]): LmMessage[] {
  return messages.map((message) => ({ role: roleOf(message.role), parts: message.content.flatMap((part) => partOf(part)) }));
}

export function toolDefinitions(tools: readonly vscode.LanguageModelChatTool[] | undefined): ToolDefinition[] {
  return (tools ?? []).map((tool) => ({
    name: tool.name,
    description: tool.description,
    inputSchema: isRecord(tool.inputSchema) ? tool.inputSchema : { type: 'object', properties: {} },
  }));
}

function roleOf(role: vscode.LanguageModelChatMessageRole | number): LmRole {
  if (role === vscode.LanguageModelChatMessageRole.Assistant) return 'assistant';
  return Number(role) === SYSTEM_ROLE ? 'system' : 'user';
}

function partOf(part: unknown): LmPart[] {
  if (!isRecord(part)) return [];
  if (part instanceof vscode.LanguageModelTextPart || looksLikeText(part)) {
    return [{ type: 'text', text: String(part.value) }];
  }
  if (part instanceof vscode.LanguageModelToolCallPart || (typeof part.callId === 'string' && typeof part.name === 'string')) {
    return [{ type: 'toolCall', callId: String(part.callId), name: String(part.name), input: part.input }];
  }
  if (part instanceof vscode.LanguageModelToolResultPart || (typeof part.callId === 'string' && Array.isArray(part.content))) {
    const text = (part.content as unknown[]).map(resultText).filter((piece) => piece !== '').join('\n');
    return [{ type: 'toolResult', callId: String(part.callId), text, isError: looksLikeToolError(text) }];
  }
  if (part instanceof vscode.LanguageModelDataPart || (typeof part.mimeType === 'string' && part.data instanceof Uint8Array)) {
    return dataPart(String(part.mimeType), part.data as Uint8Array);
  }
  return [];
}

function dataPart(mimeType: string, data: Uint8Array): LmPart[] {
  if (mimeType.startsWith('image/')) return [{ type: 'image', mimeType, data: Buffer.from(data).toString('base64') }];
  if (mimeType.startsWith('text/') || mimeType === 'application/json') return [{ type: 'text', text: new TextDecoder().decode(data) }];
  return [];
}

/** A tool result's content in words: text parts, and text or JSON data. */
function resultText(piece: unknown): string {
  if (!isRecord(piece)) return typeof piece === 'string' ? piece : '';
  if (typeof piece.value === 'string') return piece.value;
  if (typeof piece.mimeType === 'string' && piece.data instanceof Uint8Array) {
    const [converted] = dataPart(piece.mimeType, piece.data);
    return converted?.type === 'text' ? converted.text : '';
  }
  return '';
}

/** Only `value` (and a marshalling id): a thinking part also has a string value, plus an id. */
function looksLikeText(part: Record<string, unknown>): boolean {
  return typeof part.value === 'string' && Object.keys(part).every((key) => key === 'value' || key === '$mid');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
