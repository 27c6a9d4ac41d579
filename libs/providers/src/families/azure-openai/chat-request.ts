import type { ChatRequest, DeploymentTarget } from '@switchyard/contracts';
import type { UpstreamCredential, UpstreamRequest } from '../../provider-adapter';
import { openAiChatBody } from '../openai/chat-request';
import { azureHeaders, azureUrl } from './api';

/**
 * Azure takes OpenAI's chat body at a deployment URL; the deployment fixes the
 * model, so `model` is informational. Older API versions only know max_tokens
 * (options.max_tokens_field = "max_tokens").
 */
export function azureChatRequest(
  target: DeploymentTarget,
  request: ChatRequest,
  credential: UpstreamCredential,
  stream: boolean,
): UpstreamRequest {
  const maxTokensField = target.options['max_tokens_field'] === 'max_tokens' ? 'max_tokens' : 'max_completion_tokens';
  return {
    url: azureUrl(target, 'chat/completions'),
    method: 'POST',
    headers: azureHeaders(target, credential, stream),
    body: JSON.stringify(openAiChatBody(target.upstreamModel, request, stream, { maxTokensField, developerRole: true })),
  };
}
