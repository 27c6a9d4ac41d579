import type { ChatResponse } from '@switchyard/contracts';
import { OpenAiFinishReason, renderFinishReason } from './finish-reason';
import { OpenAiUsage, renderUsage } from './render-usage';
import { toSurfaceToolCallId } from '../tool-call-ids/tool-call-id-codec';

export interface OpenAiToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export interface OpenAiChatCompletion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: {
    index: number;
    message: {
      role: 'assistant';
      content: string | null;
      refusal: string | null;
      annotations: [];
      tool_calls?: OpenAiToolCall[];
    };
    logprobs: null;
    finish_reason: OpenAiFinishReason;
  }[];
  usage: OpenAiUsage;
  service_tier: 'default';
  system_fingerprint: string | null;
}

/** The exact shape OpenAI returns for a non-streaming chat completion. */
export function renderChatCompletion(response: ChatResponse, id: string): OpenAiChatCompletion {
  return {
    id,
    object: 'chat.completion',
    created: response.createdUnix,
    model: response.model,
    choices: response.choices.map((choice) => ({
      index: choice.index,
      message: {
        role: 'assistant',
        content: choice.hasContent ? choice.content : null,
        refusal: choice.refusal ? choice.refusal : null,
        annotations: [],
        ...(choice.toolCalls.length > 0
          ? {
              tool_calls: choice.toolCalls.map((c) => ({
                id: toSurfaceToolCallId('openai', c.id),
                type: 'function' as const,
                function: { name: c.name, arguments: c.argumentsJson },
              })),
            }
          : {}),
      },
      logprobs: null,
      finish_reason: renderFinishReason(choice.finishReason),
    })),
    usage: renderUsage(response.usage),
    service_tier: 'default',
    system_fingerprint: response.systemFingerprint || null,
  };
}
