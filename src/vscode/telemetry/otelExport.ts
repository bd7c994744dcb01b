/**
 * The OpenTelemetry export in the editor: reads the user's `telemetry.*` settings (application
 * scope, so a workspace never turns it on or points it elsewhere), the `OTEL_EXPORTER_OTLP_*`
 * variables and the headers kept in secret storage, and feeds every ledger record to the SDK. The
 * SDK is its own bundle (dist/otel.js), required only when the export is on: off, nothing is loaded
 * and nothing leaves the machine. *Set OpenTelemetry Headers* stores the collector's headers (a
 * token, say) as secrets, never in settings or the log.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS } from '../../core/commands';
import type { Ledger } from '../../core/spend/ledger';
import type { OtlpResolution, OtlpSettings } from '../../core/telemetry/otlpConfig';
import { parseOtlpHeaders, resolveOtlp } from '../../core/telemetry/otlpConfig';
import { telemetryOf } from '../../core/telemetry/otelRecord';
import type { OtelSink, startOtelExport } from '../../node/otel/otelSdk';
import type { Log } from '../platform/log';
import type { SettingsService } from '../platform/settingsService';

/** Where the headers are kept in VS Code's secret storage. */
export const HEADERS_SECRET = 'modelRouter.telemetry.headers';
/** Export failures are logged at most this often (a collector that is down fails every interval). */
const FAILURE_LOG_MS = 60_000;
/** How long deactivation waits for the last export to reach the collector; VS Code's shutdown is held no longer. */
export const FINAL_FLUSH_MS = 3_000;

export interface OtelExportDeps {
  readonly ledger: Ledger;
  readonly settings: SettingsService;
  readonly log: Log;
  readonly env?: NodeJS.ProcessEnv;
}

type SdkModule = { startOtelExport: typeof startOtelExport };

class OtelExport implements vscode.Disposable {
  private sink: OtelSink | undefined;
  /** What the running sink was started with, so a settings change that changes nothing keeps it. */
  private started = '';
  private told = new Set<string>();
  private lastFailure = 0;
  private applying: Promise<void> = Promise.resolve();
  private closing: Promise<void> | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly instanceId = randomUUID();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly deps: OtelExportDeps,
  ) {
    this.subscriptions.push(
      deps.settings.onDidChange(() => this.apply()),
      context.secrets.onDidChange((event) => event.key === HEADERS_SECRET && this.apply()),
      deps.ledger.onDidRecord((record) => this.sink?.record(telemetryOf(record))),
    );
    this.apply();
  }

  /** Re-reads the settings, one change at a time, and starts, restarts or stops the export. */
  apply(): void {
    this.applying = this.applying.then(() => this.reconcile()).catch((error: unknown) => this.deps.log.error(`OpenTelemetry export: ${error instanceof Error ? error.message : String(error)}`));
  }

  private async reconcile(): Promise<void> {
    const config = this.deps.settings.config;
    const settings: OtlpSettings = {
      enabled: config['telemetry.enabled'],
      endpoint: config['telemetry.endpoint'],
      protocol: config['telemetry.protocol'],
      exportIntervalSeconds: config['telemetry.exportIntervalSeconds'],
    };
    // Secret storage is read only when the export is on.
    const stored = settings.enabled ? await this.context.secrets.get(HEADERS_SECRET) : undefined;
    const resolution: OtlpResolution = resolveOtlp(settings, this.deps.env ?? process.env, stored);
    const key = JSON.stringify([resolution, config['team.developer']]);
    if (key === this.started) return;
    await this.stop();
    this.started = key;
    if (resolution.kind === 'off') return;
    if (resolution.kind === 'invalid') {
      this.deps.log.warn(`OpenTelemetry export is off: ${resolution.problem}`);
      if (!this.told.has(resolution.problem)) {
        this.told.add(resolution.problem);
        void vscode.window.showWarningMessage(`Model Router: the OpenTelemetry export is off: ${resolution.problem}.`);
      }
      return;
    }
    const { target } = resolution;
    for (const value of Object.values(target.headers)) this.deps.log.addSecret(value);
    // A computed path, so esbuild leaves the SDK out of dist/extension.js and activation never reads it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- an import() of a path would be bundled, or turned into a URL import the extension host's CommonJS cannot take
    const sdk = require(join(this.context.extensionPath, 'dist', 'otel.js')) as SdkModule;
    const developer = config['team.developer'];
    this.sink = sdk.startOtelExport(target, { version: String(this.context.extension.packageJSON.version), instanceId: this.instanceId, ...(developer ? { developer } : {}) }, (message) => this.failed(message));
    this.deps.log.info(`OpenTelemetry export on: ${target.protocol} to ${target.metricsUrl} and ${target.tracesUrl}, metrics every ${target.exportIntervalMs / 1000} s${Object.keys(target.headers).length > 0 ? `, headers ${Object.keys(target.headers).join(', ')}` : ''}`);
  }

  private failed(message: string): void {
    const now = Date.now();
    if (now - this.lastFailure < FAILURE_LOG_MS) return;
    this.lastFailure = now;
    this.deps.log.warn(`OpenTelemetry export failed (${message}); it keeps trying, failures are logged at most once a minute`);
  }

  /** Sends what is pending and stops. */
  private async stop(): Promise<void> {
    const sink = this.sink;
    this.sink = undefined;
    this.started = '';
    if (sink === undefined) return;
    await sink.shutdown().catch((error: unknown) => this.deps.log.warn(`OpenTelemetry export: could not send the last data (${error instanceof Error ? error.message : String(error)})`));
    this.deps.log.info('OpenTelemetry export off');
  }

  /**
   * Stops listening, lets a settings change under way finish, then sends what is pending and stops
   * the SDK. Deactivation and disposal share the one promise, whichever comes first.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.subscriptions.forEach((subscription) => subscription.dispose());
      await this.applying;
      await this.stop();
    })();
    return this.closing;
  }

  /** `close`, waited for at most `ms`: past that the data still pending is given up and the log says so. */
  async closeWithin(ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), ms)));
    const outcome = await Promise.race([this.close(), late]);
    clearTimeout(timer);
    if (outcome === 'late') this.deps.log.warn(`OpenTelemetry export: the last data did not reach the collector within ${ms / 1000} s of closing; not waiting longer`);
  }

  dispose(): void {
    void this.close();
  }
}

/** Asks for the collector's headers in a password box (`name=value,name=value`) and keeps them as a secret; empty removes them. */
async function setHeaders(context: vscode.ExtensionContext, log: Log): Promise<void> {
  const value = await vscode.window.showInputBox({
    title: 'Model Router: Set OpenTelemetry Headers',
    prompt: 'Headers for your OpenTelemetry collector, as in OTEL_EXPORTER_OTLP_HEADERS (e.g. Authorization=Bearer …). Kept in VS Code’s secret storage, never in settings or logs. Empty removes them.',
    password: true,
    ignoreFocusOut: true,
    placeHolder: 'name=value,name=value',
    validateInput: (text) => parseOtlpHeaders(text).problem,
  });
  if (value === undefined) return;
  const { headers } = parseOtlpHeaders(value);
  Object.values(headers).forEach((header) => log.addSecret(header));
  if (Object.keys(headers).length === 0) {
    await context.secrets.delete(HEADERS_SECRET);
    log.info('OpenTelemetry headers removed from secret storage');
    void vscode.window.showInformationMessage('Model Router: OpenTelemetry headers removed.');
    return;
  }
  await context.secrets.store(HEADERS_SECRET, value.trim());
  log.info(`OpenTelemetry headers stored in secret storage: ${Object.keys(headers).join(', ')}`);
  void vscode.window.showInformationMessage(`Model Router: OpenTelemetry headers saved (${Object.keys(headers).join(', ')}).`);
}

/**
 * The export (off until the user turns it on) and its headers command. Returns the final flush for
 * `deactivate`: the last requests' metrics and spans are sent, waited for at most FINAL_FLUSH_MS.
 */
export function registerOtelExport(context: vscode.ExtensionContext, deps: OtelExportDeps): () => Promise<void> {
  const otel = new OtelExport(context, deps);
  context.subscriptions.push(otel, vscode.commands.registerCommand(COMMANDS.setTelemetryHeaders.id, () => setHeaders(context, deps.log)));
  return () => otel.closeWithin(FINAL_FLUSH_MS);
}
