import type { InputContentPart, InputItem } from './input-items';
import type { OpenAiResponse } from './render-response';

/**
 * What the response store keeps for one stored response. `response.status`
 * is the lifecycle: today only terminal statuses (completed, incomplete) are
 * written; `background: true` (issue 11) will write `queued`/`in_progress`
 * first and overwrite the record when the work ends, under the same key.
 */
export interface StoredResponse {
  readonly version: 1;
  readonly tenantId: string;
  readonly response: OpenAiResponse;
  /** The whole conversation sent upstream except the instructions: earlier turns first, then this request's input. */
  readonly inputItems: readonly InputItem[];
}

/** Where stored responses live (in ingress: Redis, shared by every replica). Keys are per tenant. */
export interface ResponseStore {
  /** Whether this tenant's responses can be kept (a store in a region it allows); checked before anything is served. */
  accepts(tenantId: string): boolean;
  save(record: StoredResponse): Promise<void>;
  load(tenantId: string, responseId: string): Promise<StoredResponse | undefined>;
  /** True when there was a response to delete. */
  delete(tenantId: string, responseId: string): Promise<boolean>;
}

/** Text about to be kept (the tenant's PII policy for records: identity when the tenant has none). */
export type RedactForStore = (text: string) => string;

/** The record to keep, every text through the tenant's PII policy for what is kept. */
export function storedResponse(
  tenantId: string,
  response: OpenAiResponse,
  inputItems: readonly InputItem[],
  redact: RedactForStore,
): StoredResponse {
  return {
    version: 1,
    tenantId,
    response: { ...response, output: response.output.map((item) => redactItem(item, redact)) as OpenAiResponse['output'] },
    inputItems: inputItems.map((item) => redactItem(item, redact)),
  };
}

function redactItem<T extends InputItem>(item: T, redact: RedactForStore): T {
  switch (item.type) {
    case 'message':
      return { ...item, content: item.content.map((part: InputContentPart) => redactPart(part, redact)) };
    case 'function_call':
      return { ...item, arguments: redact(item.arguments) };
    case 'function_call_output':
      return { ...item, output: redact(item.output) };
  }
  return item;
}

function redactPart(part: InputContentPart, redact: RedactForStore): InputContentPart {
  return part.type === 'input_image' ? part : { ...part, text: redact(part.text) };
}

/** The conversation a follow-up continues: the previous turn's input, then its output. */
export function conversationOf(previous: StoredResponse): InputItem[] {
  return [...previous.inputItems, ...previous.response.output];
}
