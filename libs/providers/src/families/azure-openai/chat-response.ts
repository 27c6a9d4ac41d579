import type { ChatResponse } from '@switchyard/contracts';
import type { Mapped, UpstreamHeaders } from '../../provider-adapter';
import { openAiChatResponse } from '../openai/chat-response';
import { azureError } from './errors';

/** Same body as OpenAI (plus prompt_filter_results, which carry nothing the unified schema keeps). */
export function azureChatResponse(status: number, headers: UpstreamHeaders, body: Buffer): Mapped<ChatResponse> {
  if (status < 200 || status >= 300) return { ok: false, error: azureError(status, headers, body) };
  return openAiChatResponse(status, headers, body);
}
