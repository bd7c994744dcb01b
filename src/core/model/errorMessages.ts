/**
 * What to tell the user when a request fails, and which action fixes it. Every surface uses this
 * one table, so a 401 reads the same in chat, in a command and in the log, and always offers
 * "Set API Key" ("Set Gateway Key" too when the key was refused by a gateway at api.baseUrl).
 */
import type { GatewayEndpoint, LlmError, PlatformError } from './llm';

/** What the user can do about a failure; each surface offers them as buttons. */
export const ERROR_ACTIONS = ['setApiKey', 'setGatewayKey', 'openSettings', 'retry', 'showLog', 'chooseTier'] as const;
export type ErrorAction = (typeof ERROR_ACTIONS)[number];

/** The button for each action, the same words on every surface. */
export const ERROR_ACTION_LABELS: Readonly<Record<ErrorAction, string>> = {
  setApiKey: 'Set API Key',
  setGatewayKey: 'Set Gateway Key',
  openSettings: 'Open Settings',
  retry: 'Retry',
  showLog: 'Show Log',
  chooseTier: 'Choose Tier',
};

export interface UserFacingError {
  readonly message: string;
  readonly actions: readonly ErrorAction[];
}

export function describeError(error: LlmError, model: string): UserFacingError {
  // The provider's sentence goes in brackets, so its own closing full stop would read ".)."
  const words = error.message.trim().replace(/\.$/, '');
  const detail = words ? ` (${words})` : '';
  const kept = error.midStream ? ' What arrived is kept; retry to continue.' : '';
  if (error.localServer !== undefined) {
    const local = describeLocalError(error, error.localServer, model, detail, kept);
    if (local !== undefined) return local;
  }
  if (error.platform !== undefined) {
    const platform = describePlatformError(error, error.platform, model, detail);
    if (platform !== undefined) return platform;
  }
  switch (error.kind) {
    case 'auth':
      // Reached only with a local tier set up and no key: the cloud tiers still need one.
      if (error.status === undefined && /^No Anthropic API key is set/.test(words)) return { message: `No Anthropic API key is set, and ${model} runs on the Anthropic API. Set an Anthropic API key.`, actions: ['setApiKey'] };
      if (error.gateway !== undefined) return describeGatewayRefusal(error.gateway, detail);
      return { message: `The API key was refused${detail}. Set a valid Anthropic API key.`, actions: ['setApiKey'] };
    case 'rateLimit': {
      const wait = error.retryAfterSeconds !== undefined ? ` The API asked to wait ${formatWait(error.retryAfterSeconds)}.` : '';
      return { message: `Rate limited on ${model}.${wait} Retry later, or choose another tier.`, actions: ['retry', 'chooseTier'] };
    }
    case 'overloaded':
      return { message: `${model} is overloaded right now${detail}.${kept || ' Retry, or choose another tier.'}`, actions: ['retry', 'chooseTier'] };
    case 'timeout':
      return { message: `${model} stopped answering${detail}.${kept || ' Retry in a moment.'}`, actions: ['retry', 'showLog'] };
    case 'network':
      // Once the stream had started the API was reached: the connection broke, the address is fine.
      if (error.midStream) return { message: `The connection broke while ${model} was answering${detail}.${kept}`, actions: ['retry', 'showLog'] };
      return { message: `Could not reach the API${detail}. Check the connection or modelRouter.api.baseUrl.`, actions: ['retry', 'openSettings'] };
    case 'badRequest':
      return { message: `The API rejected the request${detail}. Check the model id for this tier in the settings.`, actions: ['openSettings', 'showLog'] };
    case 'server':
      if (error.midStream) return { message: `The answer from ${model} broke off${detail}.${kept}`, actions: ['retry', 'showLog'] };
      return { message: `The API failed with a server error${detail}.${kept || ' Retry in a moment.'}`, actions: ['retry', 'showLog'] };
    default:
      return { message: `The request failed${detail}.${kept}`, actions: ['retry', 'showLog'] };
  }
}

/** A key refused by the user's gateway: its own key (Set Gateway Key) is the fix, or the Anthropic key when that is what it was sent. */
function describeGatewayRefusal(gateway: GatewayEndpoint, detail: string): UserFacingError {
  const where = `The gateway at ${gateway.url} (modelRouter.api.baseUrl)`;
  if (gateway.ownKey) return { message: `${where} refused its gateway key${detail}. Set the key it expects with “Model Router: Set Gateway Key”.`, actions: ['setGatewayKey'] };
  return {
    message: `${where} refused your Anthropic API key${detail}. If the gateway gives out keys of its own, set yours with “Model Router: Set Gateway Key”; otherwise set a valid Anthropic API key.`,
    actions: ['setGatewayKey', 'setApiKey'],
  };
}

/** A failure of Amazon Bedrock or Vertex AI that their own credentials, permissions or model ids fix; others read as the API's. */
function describePlatformError(error: LlmError, platform: PlatformError, model: string, detail: string): UserFacingError | undefined {
  const bedrock = platform.name === 'bedrock';
  const where = `${bedrock ? 'Amazon Bedrock' : 'Vertex AI'} (${platform.where})`;
  switch (error.kind) {
    case 'auth':
      if (platform.missingCredentials) {
        const how = bedrock
          ? 'Set AWS_PROFILE (after `aws sso login` or `aws configure`), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, in the environment VS Code starts from'
          : 'Run `gcloud auth application-default login`, or set GOOGLE_APPLICATION_CREDENTIALS to a service-account key file, then restart VS Code';
        return { message: `No ${bedrock ? 'AWS' : 'Google'} credentials were found for ${where}${detail}. ${how}; Model Router reads the standard ${bedrock ? 'AWS' : 'Google'} chain and keeps no cloud keys in settings.`, actions: ['showLog', 'openSettings'] };
      }
      return {
        message: `${where} refused the request${detail}. ${bedrock ? 'Check that your AWS identity may call bedrock:InvokeModelWithResponseStream and has access to' : 'Check that your Google identity has the Vertex AI User role in the project and that the project has enabled'} ${model} in that region.`,
        actions: ['openSettings', 'showLog'],
      };
    case 'badRequest':
      return { message: `${where} rejected the request${detail}. The tier's model must be ${bedrock ? 'a Bedrock model id or inference profile (e.g. "us.anthropic.claude-sonnet-4-5-20250929-v1:0")' : 'a Vertex model id (e.g. "claude-sonnet-4-5@20250929")'}: check modelRouter.tiers.<tier>.model (now ${model}).`, actions: ['openSettings', 'showLog'] };
    case 'network':
      if (error.midStream) return undefined;
      return { message: `Could not reach ${where}${detail}. Check the connection and ${bedrock ? 'modelRouter.bedrock.region' : 'modelRouter.vertex.region'}.`, actions: ['retry', 'openSettings'] };
    default:
      return undefined;
  }
}

/** A failure of the user's local server: what to do about that server, never "Set API Key". */
function describeLocalError(error: LlmError, url: string, model: string, detail: string, kept: string): UserFacingError | undefined {
  switch (error.kind) {
    case 'network':
    case 'timeout':
      if (error.midStream) return undefined;
      return {
        message: `The local server at ${url} did not answer${detail}. Start it (for Ollama: \`ollama serve\`), or change modelRouter.local.url, or set the tier's modelRouter.tiers.<tier>.endpoint back to "anthropic".`,
        actions: ['retry', 'openSettings'],
      };
    case 'badRequest':
      return { message: `The local server at ${url} rejected the request${detail}. Check that it has ${model} (for Ollama: \`ollama pull ${model}\`), or change modelRouter.local.model.`, actions: ['openSettings', 'showLog'] };
    case 'auth':
      return { message: `The local server at ${url} refused the request${detail}. It is sent a placeholder key, never your Anthropic key; check the server's own access settings.`, actions: ['openSettings', 'showLog'] };
    case 'server':
    case 'overloaded':
      return { message: `The local server at ${url} failed while running ${model}${detail}.${kept || ' Retry, or choose another tier.'}`, actions: ['retry', 'chooseTier'] };
    default:
      return undefined;
  }
}

function formatWait(seconds: number): string {
  if (seconds >= 3600) return `${Math.round(seconds / 360) / 10} h`;
  if (seconds >= 60) return `${Math.round(seconds / 60)} min`;
  return `${seconds} s`;
}
