import { isRecord } from '../../behaviour/config';
import type { ReplyRequest, ResponseFormat, ToolSpec } from '../../behaviour/reply';
import { countPromptTokens } from '../../behaviour/tokens';

export interface OllamaChatRequest {
  reply: ReplyRequest;
  stream: boolean;
  promptTokens: number;
}

export type OllamaParse<T> = { ok: true; value: T; markerText: string } | { ok: false; status: number; error: string };

const ROLES = ['system', 'user', 'assistant', 'tool'];

function parseTools(value: unknown): ToolSpec[] | string {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return 'json: cannot unmarshal object into Go struct field ChatRequest.tools of type api.Tools';
  const tools: ToolSpec[] = [];
  for (const tool of value) {
    const fn = isRecord(tool) ? tool['function'] : undefined;
    if (!isRecord(fn) || typeof fn['name'] !== 'string') return 'invalid tool definition: function name is required';
    tools.push({ name: fn['name'], parameters: fn['parameters'] ?? { type: 'object' } });
  }
  return tools;
}

function responseFormat(format: unknown): ResponseFormat {
  if (format === 'json') return { kind: 'json_object' };
  if (isRecord(format)) return { kind: 'json_schema', schema: format };
  return { kind: 'text' };
}

export function parseChatRequest(body: unknown, invalidJson: boolean): OllamaParse<OllamaChatRequest> {
  if (invalidJson || !isRecord(body)) return { ok: false, status: 400, error: 'invalid character in request body' };
  const model = body['model'];
  if (typeof model !== 'string' || !model) return { ok: false, status: 400, error: 'model is required' };
  const messages = body['messages'] ?? [];
  if (!Array.isArray(messages))
    return {
      ok: false,
      status: 400,
      error: 'json: cannot unmarshal string into Go struct field ChatRequest.messages of type []api.Message',
    };

  const texts: string[] = [];
  let images = 0;
  let lastUser = { text: '', images: 0 };
  let lastRole = '';
  for (const message of messages) {
    if (!isRecord(message))
      return { ok: false, status: 400, error: 'json: cannot unmarshal into Go struct field ChatRequest.messages of type api.Message' };
    const role = message['role'];
    if (typeof role !== 'string' || !ROLES.includes(role)) return { ok: false, status: 400, error: `invalid role: ${String(role)}` };
    const content = typeof message['content'] === 'string' ? message['content'] : '';
    const messageImages = Array.isArray(message['images']) ? message['images'].length : 0;
    const toolCalls = Array.isArray(message['tool_calls']) ? JSON.stringify(message['tool_calls']) : '';
    texts.push(content + toolCalls);
    images += messageImages;
    if (role === 'user') lastUser = { text: content, images: messageImages };
    lastRole = role;
  }
  const tools = parseTools(body['tools']);
  if (typeof tools === 'string') return { ok: false, status: 400, error: tools };
  const options = isRecord(body['options']) ? body['options'] : {};
  const numPredict = options['num_predict'];

  return {
    ok: true,
    markerText: lastUser.text,
    value: {
      stream: body['stream'] !== false,
      promptTokens: countPromptTokens({ messages: texts, images, tools: tools.length ? JSON.stringify(body['tools']) : undefined }),
      reply: {
        model,
        lastUserText: lastUser.text,
        imageCount: lastUser.images,
        tools,
        toolMode: 'auto',
        lastTurnIsUser: lastRole === 'user',
        responseFormat: responseFormat(body['format']),
        maxTokens: typeof numPredict === 'number' && numPredict > 0 ? numPredict : undefined,
      },
    },
  };
}
