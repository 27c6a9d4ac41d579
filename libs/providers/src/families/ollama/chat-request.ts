import { ChatRequest, ChatRole, DeploymentTarget, ResponseFormatType, ToolChoiceMode } from '@switchyard/contracts';
import type { UpstreamCredential, UpstreamRequest } from '../../provider-adapter';
import { argumentsObject, parseJsonSchema, textOf, toolNamesById } from '../../mapping/chat-content';
import { parseDataUrl } from '../../mapping/data-url';
import { ollamaHeaders, ollamaUrl } from './api';
import { samplingParameters } from '../../mapping/sampling-parameters';
import type { SamplingNames } from '../../mapping/sampling-parameters';

const OLLAMA_SAMPLING: SamplingNames = {
  temperature: 'temperature',
  topP: 'top_p',
  maxTokens: 'num_predict',
  stop: 'stop',
  seed: 'seed',
  presencePenalty: 'presence_penalty',
  frequencyPenalty: 'frequency_penalty',
};

const ROLES: Partial<Record<ChatRole, string>> = {
  [ChatRole.CHAT_ROLE_SYSTEM]: 'system',
  [ChatRole.CHAT_ROLE_DEVELOPER]: 'system',
  [ChatRole.CHAT_ROLE_USER]: 'user',
  [ChatRole.CHAT_ROLE_ASSISTANT]: 'assistant',
  [ChatRole.CHAT_ROLE_TOOL]: 'tool',
};

export function ollamaChatRequest(
  target: DeploymentTarget,
  request: ChatRequest,
  credential: UpstreamCredential,
  stream: boolean,
): UpstreamRequest {
  return {
    url: ollamaUrl(target, '/chat'),
    method: 'POST',
    headers: ollamaHeaders(credential),
    body: JSON.stringify(ollamaBody(target, request, stream)),
  };
}

export function ollamaBody(target: DeploymentTarget, request: ChatRequest, stream: boolean): Record<string, unknown> {
  const names = toolNamesById(request);
  const body: Record<string, unknown> = {
    model: target.upstreamModel,
    stream,
    messages: request.messages.map((m) => {
      const out: Record<string, unknown> = { role: ROLES[m.role] ?? 'user', content: textOf(m) };
      const images = m.content
        .flatMap((p) => (p.part?.$case === 'image' ? [parseDataUrl(p.part.image.url)?.base64 ?? ''] : []))
        .filter((b) => b);
      if (images.length > 0) out['images'] = images;
      if (m.toolCalls.length > 0)
        out['tool_calls'] = m.toolCalls.map((c) => ({ function: { name: c.name, arguments: argumentsObject(c.argumentsJson) ?? {} } }));
      if (m.role === ChatRole.CHAT_ROLE_TOOL) out['tool_name'] = names.get(m.toolCallId) ?? m.name;
      return out;
    }),
  };
  const options = samplingParameters(request, OLLAMA_SAMPLING);
  if (Object.keys(options).length > 0) body['options'] = options;
  const format = request.responseFormat;
  if (format?.type === ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_OBJECT) body['format'] = 'json';
  if (format?.type === ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_SCHEMA)
    body['format'] = format.schemaJson ? (JSON.parse(format.schemaJson) as unknown) : 'json';
  // Ollama has no tool_choice: "none" is honoured by not offering the tools.
  if (request.tools.length > 0 && request.toolChoice?.mode !== ToolChoiceMode.TOOL_CHOICE_MODE_NONE) {
    body['tools'] = request.tools.map((t) => ({
      type: 'function',
      function: { name: t.name, ...(t.description ? { description: t.description } : {}), parameters: parseJsonSchema(t.parametersJson) },
    }));
  }
  return body;
}
