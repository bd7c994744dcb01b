/**
 * Google Vertex AI through Anthropic's own SDK for it (@anthropic-ai/vertex-sdk), as its own bundle
 * (dist/vertex.js), required only when a tier's endpoint is `vertex`. The token comes from Google
 * Application Default Credentials (`gcloud auth application-default login`,
 * GOOGLE_APPLICATION_CREDENTIALS, the metadata server); nothing comes from settings. Project,
 * region and base URL are always passed, so CLOUD_ML_REGION, ANTHROPIC_VERTEX_PROJECT_ID and
 * ANTHROPIC_VERTEX_BASE_URL cannot redirect prompts.
 */
import type { ClientOptions } from '@anthropic-ai/vertex-sdk';
import { AnthropicVertex } from '@anthropic-ai/vertex-sdk';
import type { LlmClient } from '../core/model/llm';
import type { PlatformClientOptions } from './platformClient';
import { platformClient } from './platformClient';

export interface VertexClientOptions extends PlatformClientOptions {
  readonly region: string;
  readonly projectId: string;
  /** Default ADC (google-auth-library's GoogleAuth with the cloud-platform scope); tests inject a client. */
  readonly authClient?: ClientOptions['authClient'];
}

/** Vertex AI's URL for a region; `global` has no region in its host. */
export function vertexBaseUrl(region: string): string {
  return region === 'global' ? 'https://aiplatform.googleapis.com/v1' : `https://${region}-aiplatform.googleapis.com/v1`;
}

export function createVertexClient(options: VertexClientOptions): LlmClient {
  const create = () => {
    const sdk = new AnthropicVertex({
      region: options.region,
      projectId: options.projectId,
      baseURL: options.baseURL ?? vertexBaseUrl(options.region),
      maxRetries: options.maxRetries ?? 2,
      ...(options.authClient ? { authClient: options.authClient } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
      logLevel: 'off',
    });
    // The SDK starts the credential lookup as it is made and awaits it in each request; without
    // Application Default Credentials that promise rejects before a request looks, so it gets a
    // handler here (each request still sees the failure and says what to set up).
    (sdk as unknown as { _authClientPromise?: Promise<unknown> })._authClientPromise?.catch(() => undefined);
    return sdk;
  };
  return platformClient(create, { name: 'vertex', where: `${options.projectId}, ${options.region}` }, options);
}
