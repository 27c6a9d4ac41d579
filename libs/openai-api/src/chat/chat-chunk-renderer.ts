import type { ChatStreamEvent } from '@switchyard/contracts';
import { renderFinishReason } from './finish-reason';
import { renderUsage } from './render-usage';
import { toSurfaceToolCallId } from '../tool-call-ids/tool-call-id-codec';

/**
 * Turns unified stream events into OpenAI chat.completion.chunk JSON strings,
 * one per event, in OpenAI's order: role first, deltas, finish, then (with
 * include_usage) a final chunk with empty choices and the usage.
 */
export class ChatChunkRenderer {
  private model = '';

  constructor(
    private readonly id: string,
    private readonly created: number,
    fallbackModel: string,
    private readonly includeUsage: boolean,
  ) {
    this.model = fallbackModel;
  }

  /** Returns the JSON to send for this event, or undefined when nothing is sent. */
  render(event: ChatStreamEvent): string | undefined {
    if (event.model) this.model = event.model;
    const e = event.event;
    if (!e) return undefined;
    switch (e.$case) {
      case 'delta': {
        const delta: Record<string, unknown> = {};
        if (e.delta.roleStart) {
          delta['role'] = 'assistant';
          delta['content'] = e.delta.content;
          delta['refusal'] = null;
        } else if (e.delta.content) {
          delta['content'] = e.delta.content;
        }
        if (e.delta.refusal) delta['refusal'] = e.delta.refusal;
        if (e.delta.toolCalls.length > 0) {
          delta['tool_calls'] = e.delta.toolCalls.map((c) => ({
            index: c.index,
            ...(c.id ? { id: toSurfaceToolCallId('openai', c.id), type: 'function' } : {}),
            function: { ...(c.name ? { name: c.name } : {}), arguments: c.argumentsFragment },
          }));
        }
        return this.chunk([{ index: e.delta.choiceIndex, delta, logprobs: null, finish_reason: null }]);
      }
      case 'finish':
        return this.chunk([
          { index: e.finish.choiceIndex, delta: {}, logprobs: null, finish_reason: renderFinishReason(e.finish.finishReason) },
        ]);
      case 'usage':
        return this.includeUsage ? this.chunk([], renderUsage(e.usage)) : undefined;
      case 'error':
        return undefined;
    }
  }

  private chunk(choices: unknown[], usage?: unknown): string {
    const body: Record<string, unknown> = {
      id: this.id,
      object: 'chat.completion.chunk',
      created: this.created,
      model: this.model,
      service_tier: 'default',
      system_fingerprint: null,
      choices,
    };
    if (this.includeUsage) body['usage'] = usage ?? null;
    return JSON.stringify(body);
  }
}
