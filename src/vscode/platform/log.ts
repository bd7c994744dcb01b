/**
 * The one log of the extension: a LogOutputChannel ("Model Router" in the Output view) with levels
 * the user can change. Every line passes through a scrubber that removes the API key, so no code
 * path can leak it by accident — not even a provider error that echoes a header.
 */
import * as vscode from 'vscode';
import type { EngineLog } from '../../core/engine';

const MAX_RECENT = 2000;

export class Log implements EngineLog, vscode.Disposable {
  private readonly channel: vscode.LogOutputChannel;
  private readonly secrets = new Set<string>();
  /** The latest lines as written, for the test API and "copy diagnostics". */
  private readonly recent: string[] = [];

  constructor(name = 'Model Router') {
    this.channel = vscode.window.createOutputChannel(name, { log: true });
  }

  /** Registers a value that must never be written (the API key); short values are ignored as unsafe to match. */
  addSecret(secret: string | undefined): void {
    if (secret !== undefined && secret.trim().length >= 8) this.secrets.add(secret.trim());
  }

  info(message: string): void {
    this.channel.info(this.keep('info', message));
  }

  warn(message: string): void {
    this.channel.warn(this.keep('warn', message));
  }

  error(message: string | Error): void {
    this.channel.error(this.keep('error', message instanceof Error ? (message.stack ?? message.message) : message));
  }

  debug(message: string): void {
    this.channel.debug(this.keep('debug', message));
  }

  show(): void {
    this.channel.show(true);
  }

  /** Removes every registered secret from a text. Exposed for messages shown to the user. */
  scrub(text: string): string {
    let result = text;
    for (const secret of this.secrets) result = result.split(secret).join('[redacted]');
    return result;
  }

  /** The latest lines written (scrubbed), oldest first. */
  lines(): readonly string[] {
    return [...this.recent];
  }

  private keep(level: string, message: string): string {
    const line = this.scrub(message);
    this.recent.push(`[${level}] ${line}`);
    if (this.recent.length > MAX_RECENT) this.recent.splice(0, this.recent.length - MAX_RECENT);
    return line;
  }

  dispose(): void {
    this.channel.dispose();
  }
}
