import { ChatChoice, ChatResponse, FinishReason, ToolCall, Usage } from '@switchyard/contracts';

/** What a provider that answers with one message (Anthropic, Bedrock, Gemini, Ollama) said, already mapped. */
export interface SingleChoiceAnswer {
  readonly id: string;
  readonly model: string;
  /** Defaults to now: most of these providers send no creation time. */
  readonly createdUnix?: number;
  /** The answer's text parts, in order; none at all when the answer is only tool calls. */
  readonly texts: readonly string[];
  readonly toolCalls: readonly ToolCall[];
  readonly finishReason: FinishReason;
  readonly usage: Usage | undefined;
}

/** The unified response with its one choice; an answer with neither text nor tool calls still has (empty) content. */
export function singleChoiceResponse(answer: SingleChoiceAnswer): ChatResponse {
  return ChatResponse.fromPartial({
    id: answer.id,
    createdUnix: answer.createdUnix ?? Math.floor(Date.now() / 1000),
    model: answer.model,
    choices: [
      ChatChoice.fromPartial({
        index: 0,
        content: answer.texts.join(''),
        hasContent: answer.texts.length > 0 || answer.toolCalls.length === 0,
        toolCalls: [...answer.toolCalls],
        finishReason: answer.finishReason,
      }),
    ],
    usage: answer.usage,
  });
}
