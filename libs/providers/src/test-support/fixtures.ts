import { ChatRequest, ChatRole, ChatStreamEvent, DeploymentTarget } from '@switchyard/contracts';
import type { StreamDecoder } from '../provider-adapter';

export function target(provider: string, fields: Partial<DeploymentTarget> = {}): DeploymentTarget {
  return DeploymentTarget.fromPartial({
    deploymentId: `dep-${provider}`,
    provider,
    upstreamModel: 'up-model',
    baseUrl: 'https://api.example.test/v1',
    ...fields,
  });
}

export const credential = { apiKey: 'sk-test', extras: {} };

export const user = (text: string) => ({ role: ChatRole.CHAT_ROLE_USER, content: [{ part: { $case: 'text' as const, text } }] });
export const system = (text: string) => ({ role: ChatRole.CHAT_ROLE_SYSTEM, content: [{ part: { $case: 'text' as const, text } }] });
export const image = (url: string) => ({
  role: ChatRole.CHAT_ROLE_USER,
  content: [{ part: { $case: 'text' as const, text: 'what is this?' } }, { part: { $case: 'image' as const, image: { url, detail: '' } } }],
});

export const PNG_DATA_URL = 'data:image/png;base64,iVBORw0KGgo=';

/** A tools round trip: the user asks, the assistant called get_weather, the tool answered. */
export function toolRoundTrip(): ChatRequest {
  return ChatRequest.fromPartial({
    model: 'public-model',
    messages: [
      system('Be brief.'),
      user('Weather in Paris?'),
      {
        role: ChatRole.CHAT_ROLE_ASSISTANT,
        content: [],
        toolCalls: [{ id: 'call_1', name: 'get_weather', argumentsJson: '{"city":"Paris"}' }],
      },
      { role: ChatRole.CHAT_ROLE_TOOL, content: [{ part: { $case: 'text', text: '{"temp_c":18}' } }], toolCallId: 'call_1' },
    ],
    tools: [
      {
        name: 'get_weather',
        description: 'Current weather',
        parametersJson: '{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}',
      },
    ],
  });
}

export function bodyOf(upstream: { body: string | Buffer }): Record<string, unknown> {
  return JSON.parse(upstream.body.toString()) as Record<string, unknown>;
}

/** Feeds `bytes` to the decoder one byte at a time (the harshest split), then ends it. */
export function decodeAll(decoder: StreamDecoder, bytes: Buffer, byteByByte = true): ChatStreamEvent[] {
  const out: ChatStreamEvent[] = [];
  if (byteByByte) for (let i = 0; i < bytes.length; i++) out.push(...decoder.push(bytes.subarray(i, i + 1)));
  else out.push(...decoder.push(bytes));
  out.push(...decoder.end());
  return out;
}

/** The stream as a compact list: "role", "text:..", "tool:<index>:<id>:<name>:<args>", "finish:..", "usage:in/out", "error:<class>". */
export function summarize(events: ChatStreamEvent[]): string[] {
  const out: string[] = [];
  for (const e of events) {
    const inner = e.event;
    if (!inner) continue;
    if (inner.$case === 'delta') {
      if (inner.delta.roleStart) out.push('role');
      if (inner.delta.content) {
        const last = out[out.length - 1];
        if (last?.startsWith('text:')) out[out.length - 1] = last + inner.delta.content;
        else out.push(`text:${inner.delta.content}`);
      }
      for (const t of inner.delta.toolCalls) out.push(`tool:${t.index}:${t.id}:${t.name}:${t.argumentsFragment}`);
    } else if (inner.$case === 'finish') out.push(`finish:${inner.finish.finishReason}`);
    else if (inner.$case === 'usage') out.push(`usage:${inner.usage.inputTokens}/${inner.usage.outputTokens}`);
    else out.push(`error:${inner.error.errorClass}`);
  }
  return out;
}
