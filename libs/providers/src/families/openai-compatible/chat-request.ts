import type { ChatRequest, DeploymentTarget } from '@switchyard/contracts';
import type { UpstreamCredential, UpstreamRequest } from '../../provider-adapter';
import { openAiChatBody } from '../openai/chat-request';
import { compatibleHeaders, compatibleUrl } from './api';

/**
 * The OpenAI body as the common denominator of compatible servers expects it:
 * max_tokens (not max_completion_tokens), no developer role, and text-only
 * turns as plain strings. Servers that
 * reject stream_options set options.stream_usage = "false"; their streams are
 * then counted with the tokenizer.
 */
export function compatibleChatRequest(
  target: DeploymentTarget,
  request: ChatRequest,
  credential: UpstreamCredential,
  stream: boolean,
): UpstreamRequest {
  const body = openAiChatBody(target.upstreamModel, request, stream, {
    maxTokensField: 'max_tokens',
    developerRole: false,
    flattenText: true,
  });
  if (stream && target.options['stream_usage'] === 'false') delete body['stream_options'];
  return {
    url: compatibleUrl(target, '/chat/completions'),
    method: 'POST',
    headers: compatibleHeaders(credential, stream),
    body: JSON.stringify(body),
  };
}
