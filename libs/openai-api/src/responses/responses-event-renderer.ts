import { FinishReason } from '@switchyard/contracts';
import type { ApiError } from '@switchyard/api-errors';
import type { ChatStreamEvent, Usage } from '@switchyard/contracts';
import type { ResponsesRequest } from './parse-responses-request';
import { toSurfaceToolCallId } from '../tool-call-ids/tool-call-id-codec';
import {
  functionCallItemId,
  FunctionCallItem,
  MessageItem,
  messageItemId,
  OpenAiResponse,
  OutputItem,
  renderCompletion,
  renderResponseShell,
  renderResponsesUsage,
} from './render-response';

/** One server-sent event of a Responses stream: its type and its JSON body (sequence_number included). */
export interface ResponsesEvent {
  readonly type: string;
  readonly json: string;
}

/**
 * Turns unified stream events into OpenAI's Responses event sequence:
 * response.created and response.in_progress first, output_item.added before
 * any content of that item, the *.done events and response.completed at the
 * end. Every event carries a sequence_number; no event of our own is sent,
 * since the SDK's accumulator throws on unknown types.
 */
export class ResponsesEventRenderer {
  private sequence = 0;
  private started = false;
  private model: string;
  private readonly output: OutputItem[] = [];
  private message: MessageItem | undefined;
  private readonly calls = new Map<number, FunctionCallItem>();
  private finish = FinishReason.FINISH_REASON_STOP;
  private usage: Usage | undefined;
  /** The whole response, once end() rendered it (what a stored response keeps). */
  finalResponse: OpenAiResponse | undefined;

  constructor(
    private readonly parsed: ResponsesRequest,
    private readonly id: string,
    private readonly createdAt: number,
  ) {
    this.model = parsed.request.model;
  }

  render(event: ChatStreamEvent): ResponsesEvent[] {
    if (event.model) this.model = event.model;
    const out = this.start();
    const e = event.event;
    if (e?.$case === 'delta') {
      const text = e.delta.content || e.delta.refusal;
      if (text) out.push(...this.text(text));
      for (const call of e.delta.toolCalls) out.push(...this.callDelta(call.index, call.id, call.name, call.argumentsFragment));
    } else if (e?.$case === 'finish') {
      this.finish = e.finish.finishReason;
    } else if (e?.$case === 'usage') {
      this.usage = e.usage;
    }
    return out;
  }

  /** Closes every open item, then response.completed (or response.incomplete) with the whole response. */
  end(): ResponsesEvent[] {
    const out = this.start();
    const completion = renderCompletion(this.finish);
    const status = completion.status === 'completed' ? 'completed' : 'incomplete';
    this.output.forEach((item, outputIndex) => {
      item.status = item.type === 'message' ? status : 'completed';
      if (item.type === 'message') {
        const part = item.content[0];
        if (part) {
          out.push(
            this.emit('response.output_text.done', {
              item_id: item.id,
              output_index: outputIndex,
              content_index: 0,
              text: part.text,
              logprobs: [],
            }),
          );
          out.push(this.emit('response.content_part.done', { item_id: item.id, output_index: outputIndex, content_index: 0, part }));
        }
      } else {
        out.push(
          this.emit('response.function_call_arguments.done', { item_id: item.id, output_index: outputIndex, arguments: item.arguments }),
        );
      }
      out.push(this.emit('response.output_item.done', { output_index: outputIndex, item }));
    });
    const response: OpenAiResponse = { ...this.shell(), ...completion, output: this.output, usage: renderResponsesUsage(this.usage) };
    this.finalResponse = response;
    out.push(this.emit(completion.status === 'completed' ? 'response.completed' : 'response.incomplete', { response }));
    return out;
  }

  /** The stream broke after it started: OpenAI's in-band error event. */
  error(error: ApiError): ResponsesEvent[] {
    const body = error.toBody().error;
    return [...this.start(), this.emit('error', { code: body.code, message: body.message, param: body.param })];
  }

  private start(): ResponsesEvent[] {
    if (this.started) return [];
    this.started = true;
    const response = this.shell();
    return [this.emit('response.created', { response }), this.emit('response.in_progress', { response })];
  }

  private text(delta: string): ResponsesEvent[] {
    const out: ResponsesEvent[] = [];
    if (!this.message) {
      this.message = { id: messageItemId(this.id), type: 'message', status: 'in_progress', role: 'assistant', content: [] };
      this.output.push(this.message);
      out.push(this.emit('response.output_item.added', { output_index: this.output.length - 1, item: { ...this.message, content: [] } }));
      const part = { type: 'output_text' as const, text: '', annotations: [] as [], logprobs: [] as [] };
      this.message.content.push(part);
      out.push(
        this.emit('response.content_part.added', {
          item_id: this.message.id,
          output_index: this.output.length - 1,
          content_index: 0,
          part: { ...part },
        }),
      );
    }
    const part = this.message.content[0];
    if (part) part.text += delta;
    const outputIndex = this.output.indexOf(this.message);
    out.push(
      this.emit('response.output_text.delta', {
        item_id: this.message.id,
        output_index: outputIndex,
        content_index: 0,
        delta,
        logprobs: [],
      }),
    );
    return out;
  }

  private callDelta(index: number, callId: string, name: string, fragment: string): ResponsesEvent[] {
    const out: ResponsesEvent[] = [];
    let item = this.calls.get(index);
    if (!item) {
      item = {
        id: functionCallItemId(this.id, index),
        type: 'function_call',
        status: 'in_progress',
        call_id: toSurfaceToolCallId('openai', callId),
        name,
        arguments: '',
      };
      this.calls.set(index, item);
      this.output.push(item);
      out.push(this.emit('response.output_item.added', { output_index: this.output.length - 1, item: { ...item } }));
    }
    if (!fragment) return out;
    item.arguments += fragment;
    out.push(
      this.emit('response.function_call_arguments.delta', { item_id: item.id, output_index: this.output.indexOf(item), delta: fragment }),
    );
    return out;
  }

  private shell(): OpenAiResponse {
    return renderResponseShell(this.parsed, this.id, this.createdAt, this.model);
  }

  private emit(type: string, body: Record<string, unknown>): ResponsesEvent {
    return { type, json: JSON.stringify({ type, ...body, sequence_number: this.sequence++ }) };
  }
}
