/**
 * Who gets Model Router's activation API (the engine, the ledger, the chat history): only the
 * integration tests and benchmarks, which run the extension in `ExtensionMode.Test`. Any other
 * extension could otherwise spend the user's key past VS Code's language-model consent and read
 * their chats, so in every other mode activate returns nothing; `vscode.lm` is the way in.
 */
import * as vscode from 'vscode';

export function apiForMode<T>(mode: vscode.ExtensionMode, api: T): T | undefined {
  return mode === vscode.ExtensionMode.Test ? api : undefined;
}
