/**
 * The SDK's client with the Messages resource only. `Anthropic` also builds the models, files,
 * skills, organization and beta resources, which the extension never calls and which made up
 * about 300 KB of the bundle; requests, retries and errors are BaseAnthropic's either way.
 */
import { BaseAnthropic } from '@anthropic-ai/sdk/client';
import { Messages } from '@anthropic-ai/sdk/resources/messages';

export class MessagesClient extends BaseAnthropic {
  readonly messages: Messages = new Messages(this);
}
