import { ChatStreamEvent, FinishReason, Usage } from '@switchyard/contracts';
import { sseEvent, toSurfaceToolCallId } from '@switchyard/openai-api';
import { renderAnthropicUsage } from './render-usage';
import { renderStopReason } from './stop-reason';

type OpenBlock = { kind: 'text'; index: number } | { kind: 'tool'; index: number; toolIndex: number };

/**
 * Turns unified stream events into Anthropic Messages SSE frames, in
 * Anthropic's order: message_start, then per content block
 * content_block_start / content_block_delta* / content_block_stop, then
 * message_delta (stop reason and usage) and message_stop. Frames are produced
 * as events arrive; nothing is held back. The unified stream reports usage
 * once at the end, so message_start carries zero usage and message_delta the
 * complete, cumulative usage (which the Anthropic SDKs read).
 */
export class MessageStreamRenderer {
  private started = false;
  private finished = false;
  private open: OpenBlock | undefined;
  private nextBlock = 0;
  private readonly blockByTool = new Map<number, number>();
  private stopReason: FinishReason = FinishReason.FINISH_REASON_STOP;
  private model: string;

  constructor(
    private readonly id: string,
    fallbackModel: string,
  ) {
    this.model = fallbackModel;
  }

  /** The SSE frames for this event (possibly none). */
  render(event: ChatStreamEvent): string[] {
    if (this.finished) return [];
    if (event.model) this.model = event.model;
    const out = this.start();
    const e = event.event;
    if (!e) return out;
    switch (e.$case) {
      case 'delta': {
        const text = e.delta.content + e.delta.refusal;
        if (text) out.push(...this.text(text));
        for (const call of e.delta.toolCalls) out.push(...this.tool(call.index, call.id, call.name, call.argumentsFragment));
        return out;
      }
      case 'finish':
        this.stopReason = e.finish.finishReason;
        return out;
      case 'usage':
        return [...out, ...this.close(e.usage)];
      case 'error':
        return out;
    }
  }

  /** Closing frames for a stream that ended without a usage event; none if already closed. */
  end(): string[] {
    if (this.finished) return [];
    return [...this.start(), ...this.close(undefined)];
  }

  private start(): string[] {
    if (this.started) return [];
    this.started = true;
    return [
      sseEvent(
        'message_start',
        JSON.stringify({
          type: 'message_start',
          message: {
            id: this.id,
            type: 'message',
            role: 'assistant',
            model: this.model,
            content: [],
            stop_reason: null,
            stop_sequence: null,
            usage: renderAnthropicUsage(undefined),
          },
        }),
      ),
    ];
  }

  private text(text: string): string[] {
    const out: string[] = [];
    if (this.open?.kind !== 'text') {
      out.push(...this.closeBlock());
      this.open = { kind: 'text', index: this.nextBlock++ };
      out.push(
        sseEvent(
          'content_block_start',
          JSON.stringify({ type: 'content_block_start', index: this.open.index, content_block: { type: 'text', text: '' } }),
        ),
      );
    }
    out.push(
      sseEvent(
        'content_block_delta',
        JSON.stringify({ type: 'content_block_delta', index: this.open.index, delta: { type: 'text_delta', text } }),
      ),
    );
    return out;
  }

  private tool(toolIndex: number, id: string, name: string, fragment: string): string[] {
    const out: string[] = [];
    let block = this.blockByTool.get(toolIndex);
    if (block === undefined) {
      out.push(...this.closeBlock());
      block = this.nextBlock++;
      this.blockByTool.set(toolIndex, block);
      this.open = { kind: 'tool', index: block, toolIndex };
      out.push(
        sseEvent(
          'content_block_start',
          JSON.stringify({
            type: 'content_block_start',
            index: block,
            content_block: { type: 'tool_use', id: toSurfaceToolCallId('anthropic', id), name, input: {} },
          }),
        ),
      );
    }
    if (fragment) {
      out.push(
        sseEvent(
          'content_block_delta',
          JSON.stringify({ type: 'content_block_delta', index: block, delta: { type: 'input_json_delta', partial_json: fragment } }),
        ),
      );
    }
    return out;
  }

  private closeBlock(): string[] {
    if (!this.open) return [];
    const index = this.open.index;
    this.open = undefined;
    return [sseEvent('content_block_stop', JSON.stringify({ type: 'content_block_stop', index }))];
  }

  private close(usage: Usage | undefined): string[] {
    this.finished = true;
    return [
      ...this.closeBlock(),
      sseEvent(
        'message_delta',
        JSON.stringify({
          type: 'message_delta',
          delta: { stop_reason: renderStopReason(this.stopReason), stop_sequence: null },
          usage: renderAnthropicUsage(usage),
        }),
      ),
      sseEvent('message_stop', JSON.stringify({ type: 'message_stop' })),
    ];
  }
}
