import { ChatRole } from '@switchyard/contracts';
import type { ChatMessage } from '@switchyard/contracts';
import { toSurfaceToolCallId } from '../tool-call-ids/tool-call-id-codec';
import type { OutputItem } from './render-response';

export type InputContentPart =
  | { type: 'input_text'; text: string }
  | { type: 'output_text'; text: string; annotations: []; logprobs: [] }
  | { type: 'input_image'; image_url: string; detail: 'auto' | 'low' | 'high' };

export interface InputMessageItem {
  id: string;
  type: 'message';
  status: 'completed';
  role: 'user' | 'system' | 'developer' | 'assistant';
  content: InputContentPart[];
}

export interface FunctionCallOutputItem {
  id: string;
  type: 'function_call_output';
  status: 'completed';
  call_id: string;
  output: string;
}

/** An item as GET /v1/responses/{id}/input_items lists it; output items sent back as input keep their own shape. */
export type InputItem = InputMessageItem | FunctionCallOutputItem | OutputItem;

const ROLE_NAMES: Partial<Record<ChatRole, InputMessageItem['role']>> = {
  [ChatRole.CHAT_ROLE_SYSTEM]: 'system',
  [ChatRole.CHAT_ROLE_DEVELOPER]: 'developer',
  [ChatRole.CHAT_ROLE_USER]: 'user',
  [ChatRole.CHAT_ROLE_ASSISTANT]: 'assistant',
};

/**
 * The input items of unified chat messages, as sent upstream (so after the
 * tenant's PII policy). Ids are `<kind>_<response>_in<n>`: stable, unique per response.
 */
export function inputItemsOf(messages: readonly ChatMessage[], responseId: string): InputItem[] {
  const base = responseId.replace(/^resp_/, '');
  const items: InputItem[] = [];
  const next = (kind: string): string => `${kind}_${base}_in${items.length}`;
  for (const m of messages) {
    if (m.role === ChatRole.CHAT_ROLE_TOOL) {
      const output = m.content.map((p) => (p.part?.$case === 'text' ? p.part.text : '')).join('');
      items.push({
        id: next('fco'),
        type: 'function_call_output',
        status: 'completed',
        call_id: toSurfaceToolCallId('openai', m.toolCallId),
        output,
      });
      continue;
    }
    const role = ROLE_NAMES[m.role] ?? 'user';
    const content = m.content.flatMap((p): InputContentPart[] => {
      if (p.part?.$case === 'text') {
        return [
          role === 'assistant'
            ? { type: 'output_text', text: p.part.text, annotations: [], logprobs: [] }
            : { type: 'input_text', text: p.part.text },
        ];
      }
      if (p.part?.$case === 'image') {
        const detail = p.part.image.detail === 'low' || p.part.image.detail === 'high' ? p.part.image.detail : 'auto';
        return [{ type: 'input_image', image_url: p.part.image.url, detail }];
      }
      return [];
    });
    if (content.length > 0) items.push({ id: next('msg'), type: 'message', status: 'completed', role, content });
    for (const call of m.toolCalls) {
      items.push({
        id: next('fc'),
        type: 'function_call',
        status: 'completed',
        call_id: toSurfaceToolCallId('openai', call.id),
        name: call.name,
        arguments: call.argumentsJson,
      });
    }
  }
  return items;
}

/** OpenAI's list object of GET /v1/responses/{id}/input_items. */
export interface InputItemList {
  object: 'list';
  data: InputItem[];
  first_id: string | null;
  last_id: string | null;
  has_more: boolean;
}

export interface InputItemsPage {
  readonly limit: number;
  readonly order: 'asc' | 'desc';
  /** The id of the item to list after (exclusive), in `order`. */
  readonly after?: string;
}

/** One page of input items; `after` naming no item gives an empty page, as a cursor past the end does. */
export function pageInputItems(items: readonly InputItem[], page: InputItemsPage): InputItemList {
  const ordered = page.order === 'asc' ? [...items] : [...items].reverse();
  const start = page.after === undefined ? 0 : ordered.findIndex((i) => i.id === page.after) + 1;
  const data = start === 0 && page.after !== undefined ? [] : ordered.slice(start, start + page.limit);
  return {
    object: 'list',
    data,
    first_id: data[0]?.id ?? null,
    last_id: data[data.length - 1]?.id ?? null,
    has_more: start + data.length < ordered.length && data.length > 0,
  };
}
