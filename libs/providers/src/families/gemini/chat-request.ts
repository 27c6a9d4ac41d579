import {
  ChatMessage,
  ChatRequest,
  ChatRole,
  ContentPart,
  DeploymentTarget,
  ResponseFormatType,
  ToolChoiceMode,
} from '@switchyard/contracts';
import type { UpstreamCredential, UpstreamRequest } from '../../provider-adapter';
import { argumentsObject, instructionText, isInstruction, parseJsonSchema, textOf, toolNamesById } from '../../mapping/chat-content';
import { parseDataUrl } from '../../mapping/data-url';
import { geminiHeaders, geminiUrl } from './api';
import { samplingParameters } from '../../mapping/sampling-parameters';
import type { SamplingNames } from '../../mapping/sampling-parameters';

type Part = Record<string, unknown>;
interface Content {
  role: 'user' | 'model';
  parts: Part[];
}

// reasoning_effort as a thinking budget (tokens); "none" turns thinking off where the model allows it.
const THINKING_BUDGETS: Record<string, number> = { none: 0, minimal: 512, low: 1024, medium: 8192, high: 24576 };

export function geminiChatRequest(
  target: DeploymentTarget,
  request: ChatRequest,
  credential: UpstreamCredential,
  stream: boolean,
): UpstreamRequest {
  return {
    url: stream ? geminiUrl(target, 'streamGenerateContent', '?alt=sse') : geminiUrl(target, 'generateContent'),
    method: 'POST',
    headers: geminiHeaders(credential, stream),
    body: JSON.stringify(geminiBody(request)),
  };
}

export function geminiBody(request: ChatRequest): Record<string, unknown> {
  const body: Record<string, unknown> = { contents: contents(request) };
  const system = instructionText(request);
  if (system) body['systemInstruction'] = { parts: [{ text: system }] };
  const config = generationConfig(request);
  if (Object.keys(config).length > 0) body['generationConfig'] = config;
  if (request.tools.length > 0) {
    body['tools'] = [
      {
        functionDeclarations: request.tools.map((t) => ({
          name: t.name,
          ...(t.description ? { description: t.description } : {}),
          parametersJsonSchema: parseJsonSchema(t.parametersJson),
        })),
      },
    ];
    const choice = toolConfig(request);
    if (choice) body['toolConfig'] = choice;
  }
  return body;
}

function contents(request: ChatRequest): Content[] {
  const names = toolNamesById(request);
  const out: Content[] = [];
  const push = (role: Content['role'], parts: Part[]): void => {
    if (parts.length === 0) return;
    const last = out[out.length - 1];
    if (last && last.role === role) last.parts.push(...parts);
    else out.push({ role, parts });
  };
  for (const m of request.messages) {
    if (isInstruction(m)) continue;
    if (m.role === ChatRole.CHAT_ROLE_ASSISTANT) {
      push('model', [
        ...m.content.flatMap(part),
        ...m.toolCalls.map((c) => ({ functionCall: { name: c.name, args: argumentsObject(c.argumentsJson) ?? {} } })),
      ]);
    } else if (m.role === ChatRole.CHAT_ROLE_TOOL) {
      push('user', [{ functionResponse: { name: names.get(m.toolCallId) ?? m.name, response: toolResponse(m) } }]);
    } else {
      push('user', m.content.flatMap(part));
    }
  }
  return out;
}

/** functionResponse.response must be an object: a JSON-object result is sent as is, anything else wrapped. */
function toolResponse(m: ChatMessage): Record<string, unknown> {
  const text = textOf(m, '\n');
  const parsed = argumentsObject(text);
  return parsed && text.trim() !== '' ? parsed : { content: text };
}

function part(p: ContentPart): Part[] {
  switch (p.part?.$case) {
    case 'text':
      return p.part.text.length > 0 ? [{ text: p.part.text }] : [];
    case 'image': {
      const data = parseDataUrl(p.part.image.url);
      return data ? [{ inlineData: { mimeType: data.mimeType, data: data.base64 } }] : [];
    }
    case 'audio':
      return [{ inlineData: { mimeType: p.part.audio.format === 'mp3' ? 'audio/mp3' : 'audio/wav', data: p.part.audio.dataBase64 } }];
    default:
      return [];
  }
}

const GEMINI_SAMPLING: SamplingNames = {
  temperature: 'temperature',
  topP: 'topP',
  maxTokens: 'maxOutputTokens',
  stop: 'stopSequences',
  seed: 'seed',
  presencePenalty: 'presencePenalty',
  frequencyPenalty: 'frequencyPenalty',
};

function generationConfig(request: ChatRequest): Record<string, unknown> {
  const config = samplingParameters(request, GEMINI_SAMPLING);
  const format = request.responseFormat;
  if (format?.type === ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_OBJECT) config['responseMimeType'] = 'application/json';
  if (format?.type === ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_SCHEMA) {
    config['responseMimeType'] = 'application/json';
    if (format.schemaJson) config['responseJsonSchema'] = JSON.parse(format.schemaJson) as unknown;
  }
  const budget = THINKING_BUDGETS[request.reasoningEffort];
  if (budget !== undefined) config['thinkingConfig'] = { thinkingBudget: budget };
  return config;
}

function toolConfig(request: ChatRequest): Record<string, unknown> | undefined {
  switch (request.toolChoice?.mode) {
    case ToolChoiceMode.TOOL_CHOICE_MODE_NONE:
      return { functionCallingConfig: { mode: 'NONE' } };
    case ToolChoiceMode.TOOL_CHOICE_MODE_REQUIRED:
      return { functionCallingConfig: { mode: 'ANY' } };
    case ToolChoiceMode.TOOL_CHOICE_MODE_FUNCTION:
      return { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [request.toolChoice.functionName] } };
    case ToolChoiceMode.TOOL_CHOICE_MODE_AUTO:
      return { functionCallingConfig: { mode: 'AUTO' } };
    default:
      return undefined;
  }
}
