/**
 * Where each tier's requests go. A tier is served by the Anthropic API (or `api.baseUrl`) unless its
 * `tiers.<tier>.endpoint` is `local`: then the local Anthropic-compatible server of `local.url` runs
 * `local.model` for it. These settings are read from the user's settings only (see tightening.ts)
 * and the team policy file has no field for them, so a workspace never says where requests go. A
 * local server is this machine unless the user lists its host in `local.allowedHosts`. A tier on
 * `bedrock` or `vertex` goes to Amazon Bedrock or Google Vertex AI through Anthropic's SDKs for them
 * (src/llm/platformClients.ts), in the region (and project) of these same user settings, with
 * credentials from the platform's standard chain, never from settings.
 */
import type { Policy } from '../routing/policy';
import { DEFAULT_MODELS } from '../routing/policy';
import type { ModelTier } from '../routing/tiers';
import { MODEL_TIERS } from '../routing/tiers';
import type { PriceOverrides } from '../spend/pricing';
import type { ConfigIssue } from './config';
import type { Config } from './settings';
import { SECTION } from './settings';

export interface LocalServer {
  /** Base URL without a trailing slash, e.g. http://localhost:11434. */
  readonly url: string;
  readonly model: string;
  /** A server that has not started answering after this long counts as down. */
  readonly timeoutMs: number;
  /** Ask the next cloud tier up when the server is down or too slow. */
  readonly fallback: boolean;
}

export interface TierEndpoints extends PlatformEndpoints {
  /** The local server, when at least one tier uses it and it is fully configured. */
  readonly local?: LocalServer;
  /** Tiers served by the local server, cheapest first. */
  readonly localTiers: readonly ModelTier[];
  /**
   * The model each local tier has on the Anthropic API (its `tiers.<tier>.model`, team file
   * included): where it falls back when the server is down, and what its savings are measured against.
   */
  readonly cloudModels: Readonly<Partial<Record<ModelTier, string>>>;
}

export interface BedrockEndpoint {
  readonly region: string;
  readonly tiers: readonly ModelTier[];
}

export interface VertexEndpoint {
  readonly region: string;
  readonly projectId: string;
  readonly tiers: readonly ModelTier[];
}

/** The cloud platforms some tiers use instead of the Anthropic API. */
export interface PlatformEndpoints {
  readonly bedrock?: BedrockEndpoint;
  readonly vertex?: VertexEndpoint;
}

export const NO_LOCAL_ENDPOINTS: TierEndpoints = { localTiers: [], cloudModels: {} };

/** Whether a URL's host is this machine: localhost (and *.localhost), 127.0.0.0/8, ::1. */
export function isThisMachine(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

const endpointKey = (tier: ModelTier) => `tiers.${tier}.endpoint` as const;

/**
 * The endpoint settings checked against each other: a `local.url` on another machine whose host is
 * not allowed is dropped, and a tier set to `local` without a usable server and model stays on the
 * Anthropic API. Each problem is an issue naming the setting and what to do.
 */
export function checkEndpoints(config: Config): { config: Config; issues: ConfigIssue[] } {
  const issues: ConfigIssue[] = [];
  const fixed: Record<string, unknown> = { ...config };
  const url = config['local.url'];
  if (url !== '') {
    const host = new URL(url).hostname;
    const allowed = config['local.allowedHosts'].includes(host.toLowerCase().replace(/^\[|\]$/g, ''));
    if (!isThisMachine(host) && !allowed) {
      fixed['local.url'] = '';
      issues.push({
        key: 'local.url',
        path: `${SECTION}.local.url`,
        message: `${host} is not this machine, so prompts are not sent there; add "${host}" to ${SECTION}.local.allowedHosts if it is your own server`,
      });
    }
  }
  const missing = [fixed['local.url'] === '' ? `${SECTION}.local.url` : undefined, config['local.model'] === '' ? `${SECTION}.local.model` : undefined].filter(Boolean);
  if (missing.length > 0) {
    for (const tier of MODEL_TIERS) {
      if (config[endpointKey(tier)] !== 'local') continue;
      fixed[endpointKey(tier)] = 'anthropic';
      issues.push({
        key: endpointKey(tier),
        path: `${SECTION}.${endpointKey(tier)}`,
        message: `"local" needs ${missing.join(' and ')}; the ${tier} tier stays on the Anthropic API until you set ${missing.length > 1 ? 'them' : 'it'}`,
      });
    }
  }
  platformIssues(config, fixed, issues);
  return { config: fixed as Config, issues };
}

/** A tier on `bedrock` or `vertex` without the region (and project) it needs stays on the Anthropic API, saying what to set. */
function platformIssues(config: Config, fixed: Record<string, unknown>, issues: ConfigIssue[]): void {
  const needs = {
    bedrock: { name: 'Amazon Bedrock', missing: [config['bedrock.region'] === '' ? `${SECTION}.bedrock.region (e.g. "us-east-1")` : undefined] },
    vertex: { name: 'Vertex AI', missing: [config['vertex.projectId'] === '' ? `${SECTION}.vertex.projectId` : undefined, config['vertex.region'] === '' ? `${SECTION}.vertex.region (e.g. "us-east5")` : undefined] },
  } as const;
  for (const tier of MODEL_TIERS) {
    const endpoint = config[endpointKey(tier)];
    if (endpoint !== 'bedrock' && endpoint !== 'vertex') continue;
    const missing = needs[endpoint].missing.filter((setting) => setting !== undefined);
    if (missing.length === 0) continue;
    fixed[endpointKey(tier)] = 'anthropic';
    issues.push({ key: endpointKey(tier), path: `${SECTION}.${endpointKey(tier)}`, message: `"${endpoint}" needs ${missing.join(' and ')}; the ${tier} tier stays on the Anthropic API until you set ${missing.length > 1 ? 'them' : 'it'} for ${needs[endpoint].name}` });
  }
}

/** The tiers on Bedrock and Vertex from checked settings (see {@link checkEndpoints}). */
function platformEndpoints(config: Config): PlatformEndpoints {
  const on = (endpoint: 'bedrock' | 'vertex') => MODEL_TIERS.filter((tier) => config[endpointKey(tier)] === endpoint);
  const bedrock = on('bedrock');
  const vertex = on('vertex');
  return {
    ...(bedrock.length > 0 && config['bedrock.region'] !== '' ? { bedrock: { region: config['bedrock.region'], tiers: bedrock } } : {}),
    ...(vertex.length > 0 && config['vertex.region'] !== '' && config['vertex.projectId'] !== '' ? { vertex: { region: config['vertex.region'], projectId: config['vertex.projectId'], tiers: vertex } } : {}),
  };
}

/** The platform that serves `tier`, when it is Bedrock or Vertex. */
export function platformOf(tier: string | undefined, endpoints: PlatformEndpoints): 'bedrock' | 'vertex' | undefined {
  if (tier === undefined) return undefined;
  if ((endpoints.bedrock?.tiers as readonly string[] | undefined)?.includes(tier)) return 'bedrock';
  if ((endpoints.vertex?.tiers as readonly string[] | undefined)?.includes(tier)) return 'vertex';
  return undefined;
}

/** The tiers' endpoints from checked settings (see {@link checkEndpoints}). */
export function tierEndpoints(config: Config): TierEndpoints {
  const platforms = platformEndpoints(config);
  const local = localEndpoints(config);
  return platforms.bedrock === undefined && platforms.vertex === undefined ? local : { ...local, ...platforms };
}

function localEndpoints(config: Config): TierEndpoints {
  const localTiers = MODEL_TIERS.filter((tier) => config[endpointKey(tier)] === 'local');
  if (localTiers.length === 0 || config['local.url'] === '' || config['local.model'] === '') return NO_LOCAL_ENDPOINTS;
  return {
    localTiers,
    cloudModels: {},
    local: {
      url: config['local.url'].replace(/\/+$/, ''),
      model: config['local.model'],
      timeoutMs: config['local.timeoutSeconds'] * 1000,
      fallback: config['local.fallback'],
    },
  };
}

/**
 * The merged policy with each local tier's model replaced by the local model, whatever a team file
 * said, and the endpoints with the cloud model each local tier had before.
 */
export function withLocalModels(policy: Policy, endpoints: TierEndpoints): { policy: Policy; endpoints: TierEndpoints } {
  if (endpoints.local === undefined) return { policy, endpoints };
  const tiers = { ...policy.tiers };
  const cloudModels: Partial<Record<ModelTier, string>> = {};
  for (const tier of endpoints.localTiers) {
    cloudModels[tier] = tiers[tier].model;
    tiers[tier] = { ...tiers[tier], model: endpoints.local.model };
  }
  return { policy: { ...policy, tiers }, endpoints: { ...endpoints, cloudModels } };
}

/** Whether requests on `tier` go to the local server. */
export function isLocalTier(tier: string, endpoints: TierEndpoints): tier is ModelTier {
  return endpoints.local !== undefined && (endpoints.localTiers as readonly string[]).includes(tier);
}

/**
 * The tier's model on the Anthropic API: a local request's fallback and the model its savings are
 * measured against (the request would otherwise have gone there).
 */
export function cloudModelOf(tier: ModelTier, endpoints: TierEndpoints): string {
  return endpoints.cloudModels[tier] ?? DEFAULT_MODELS[tier];
}

/** Price overrides with the local model at $0, unless the user's `prices` setting names it. */
export function withLocalPrice(prices: PriceOverrides, endpoints: TierEndpoints): PriceOverrides {
  const local = endpoints.local;
  if (local === undefined || Object.hasOwn(prices, local.model)) return prices;
  return { ...prices, [local.model]: { input: 0, output: 0, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0 } };
}

/** The tier's endpoint in words, for logs and tooltips: "local (http://localhost:11434)", "Amazon Bedrock (us-east-1)" or "Anthropic API". */
export function endpointLabel(tier: ModelTier, endpoints: TierEndpoints): string {
  if (endpoints.local !== undefined && endpoints.localTiers.includes(tier)) return `local (${endpoints.local.url})`;
  const platform = platformOf(tier, endpoints);
  if (platform === 'bedrock') return `Amazon Bedrock (${endpoints.bedrock!.region})`;
  if (platform === 'vertex') return `Vertex AI (${endpoints.vertex!.projectId}, ${endpoints.vertex!.region})`;
  return 'Anthropic API';
}
