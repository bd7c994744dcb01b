/**
 * Where the OpenTelemetry export goes, from the user's settings and the standard `OTEL_EXPORTER_OTLP_*`
 * environment variables: the settings win where set, the variables fill the rest, and the export runs
 * only when the user turned it on (`telemetry.enabled`), so a collector variable set for another tool
 * never makes Model Router send anything. Headers (a collector's token) come from the variables and
 * from secret storage, never from settings. No `vscode` here; the editor side passes what it read.
 */

export const OTLP_PROTOCOLS = ['http/protobuf', 'http/json'] as const;
export type OtlpProtocol = (typeof OTLP_PROTOCOLS)[number];

/** The settings of the export, as the user set them (application scope: user settings only). */
export interface OtlpSettings {
  readonly enabled: boolean;
  /** Base URL of the collector's OTLP/HTTP receiver; "" leaves it to the environment. */
  readonly endpoint: string;
  /** "" leaves it to `OTEL_EXPORTER_OTLP_PROTOCOL`, else http/protobuf. */
  readonly protocol: '' | OtlpProtocol;
  readonly exportIntervalSeconds: number;
}

export interface OtlpTarget {
  readonly tracesUrl: string;
  readonly metricsUrl: string;
  readonly protocol: OtlpProtocol;
  readonly headers: Readonly<Record<string, string>>;
  readonly exportIntervalMs: number;
}

export type OtlpResolution = { readonly kind: 'off' } | { readonly kind: 'on'; readonly target: OtlpTarget } | { readonly kind: 'invalid'; readonly problem: string };

/** The OTLP/HTTP receiver's default address (the collector's 4318). */
export const DEFAULT_OTLP_ENDPOINT = 'http://localhost:4318';

/**
 * `key=value` pairs separated by commas, values percent-encoded, as `OTEL_EXPORTER_OTLP_HEADERS`
 * takes them. A pair without `=` or with an empty key is a problem named by its position, never its text (it may be a token).
 */
export function parseOtlpHeaders(text: string): { headers: Record<string, string>; problem?: string } {
  const headers: Record<string, string> = {};
  const pairs = text.split(',').map((pair) => pair.trim()).filter((pair) => pair !== '');
  for (const [index, pair] of pairs.entries()) {
    const equals = pair.indexOf('=');
    const key = equals < 0 ? '' : pair.slice(0, equals).trim();
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(key)) return { headers, problem: `header ${index + 1} of ${pairs.length} is not name=value` };
    let value = pair.slice(equals + 1).trim();
    try {
      value = decodeURIComponent(value);
    } catch {
      // A stray % is kept as written, as the SDK's own parser does.
    }
    headers[key] = value;
  }
  return { headers };
}

/** `base` + `/v1/traces`, with one slash between them. */
function signalUrl(base: string, path: 'traces' | 'metrics'): string {
  return `${base.replace(/\/+$/, '')}/v1/${path}`;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * The export's target, or why there is none. `env` is the process's environment; `storedHeaders`
 * what *Set OpenTelemetry Headers* saved (same form as `OTEL_EXPORTER_OTLP_HEADERS`, winning per name).
 */
export function resolveOtlp(settings: OtlpSettings, env: Readonly<Record<string, string | undefined>>, storedHeaders: string | undefined): OtlpResolution {
  if (!settings.enabled) return { kind: 'off' };
  const envProtocol = env.OTEL_EXPORTER_OTLP_PROTOCOL?.trim();
  const protocol = settings.protocol !== '' ? settings.protocol : envProtocol || 'http/protobuf';
  if (!(OTLP_PROTOCOLS as readonly string[]).includes(protocol)) {
    return { kind: 'invalid', problem: `OTEL_EXPORTER_OTLP_PROTOCOL is "${protocol.slice(0, 40)}"; Model Router exports over http/protobuf or http/json only (set modelRouter.telemetry.protocol, and the collector's HTTP port, 4318)` };
  }
  // A base URL (setting or OTEL_EXPORTER_OTLP_ENDPOINT) gets the signal's path; a per-signal variable is the full URL.
  const base = settings.endpoint || env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || '';
  const tracesUrl = settings.endpoint ? signalUrl(settings.endpoint, 'traces') : env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim() || signalUrl(base || DEFAULT_OTLP_ENDPOINT, 'traces');
  const metricsUrl = settings.endpoint ? signalUrl(settings.endpoint, 'metrics') : env.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT?.trim() || signalUrl(base || DEFAULT_OTLP_ENDPOINT, 'metrics');
  for (const [what, url] of [['traces', tracesUrl], ['metrics', metricsUrl]] as const) {
    if (!isHttpUrl(url)) return { kind: 'invalid', problem: `the collector's ${what} address is not an http:// or https:// URL (check modelRouter.telemetry.endpoint and the OTEL_EXPORTER_OTLP_*ENDPOINT variables)` };
  }
  const fromEnv = parseOtlpHeaders(env.OTEL_EXPORTER_OTLP_HEADERS ?? '');
  if (fromEnv.problem !== undefined) return { kind: 'invalid', problem: `OTEL_EXPORTER_OTLP_HEADERS: ${fromEnv.problem}` };
  const stored = parseOtlpHeaders(storedHeaders ?? '');
  if (stored.problem !== undefined) return { kind: 'invalid', problem: `the headers set with Set OpenTelemetry Headers: ${stored.problem}` };
  return {
    kind: 'on',
    target: { tracesUrl, metricsUrl, protocol: protocol as OtlpProtocol, headers: { ...fromEnv.headers, ...stored.headers }, exportIntervalMs: settings.exportIntervalSeconds * 1000 },
  };
}
