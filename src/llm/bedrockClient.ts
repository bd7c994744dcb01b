/**
 * Amazon Bedrock through Anthropic's own SDK for it (@anthropic-ai/bedrock-sdk), as its own bundle
 * (dist/bedrock.js), required only when a tier's endpoint is `bedrock`. Requests are signed with
 * AWS credentials from the standard chain (environment, AWS_PROFILE and ~/.aws, SSO, the instance
 * role), or a Bedrock API key in AWS_BEARER_TOKEN_BEDROCK; nothing comes from settings. The base
 * URL is always passed, so ANTHROPIC_BEDROCK_BASE_URL cannot redirect prompts, and the region is
 * the user's `bedrock.region`, never AWS_REGION.
 */
import { AnthropicBedrock } from '@anthropic-ai/bedrock-sdk';
import type { LlmClient } from '../core/model/llm';
import type { PlatformClientOptions } from './platformClient';
import { platformClient } from './platformClient';

export interface BedrockClientOptions extends PlatformClientOptions {
  readonly region: string;
}

export function createBedrockClient(options: BedrockClientOptions): LlmClient {
  const create = () =>
    new AnthropicBedrock({
      awsRegion: options.region,
      baseURL: options.baseURL ?? `https://bedrock-runtime.${options.region}.amazonaws.com`,
      maxRetries: options.maxRetries ?? 2,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      logLevel: 'off',
    });
  return platformClient(create, { name: 'bedrock', where: options.region }, options);
}
