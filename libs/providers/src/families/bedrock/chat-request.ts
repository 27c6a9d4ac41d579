import { ChatRequest, ChatRole, ContentPart, DeploymentTarget, ToolChoiceMode } from '@switchyard/contracts';
import type { UpstreamCredential, UpstreamRequest } from '../../provider-adapter';
import { argumentsObject, instructionText, isInstruction, parseJsonSchema, textOf } from '../../mapping/chat-content';
import { parseDataUrl } from '../../mapping/data-url';
import { jsonAnswerTool } from '../../mapping/json-via-tool';
import { bedrockRequest, bedrockUrl } from './api';

type Block = Record<string, unknown>;
interface Message {
  role: 'user' | 'assistant';
  content: Block[];
}

export const BEDROCK_IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];

export function bedrockChatRequest(
  target: DeploymentTarget,
  request: ChatRequest,
  credential: UpstreamCredential,
  stream: boolean,
): UpstreamRequest {
  const url = bedrockUrl(target, stream ? 'converse-stream' : 'converse');
  return bedrockRequest(
    target,
    credential,
    url,
    JSON.stringify(converseBody(request)),
    stream ? 'application/vnd.amazon.eventstream' : 'application/json',
  );
}

export function converseBody(request: ChatRequest): Record<string, unknown> {
  const body: Record<string, unknown> = { messages: messages(request) };
  const system = instructionText(request);
  if (system) body['system'] = [{ text: system }];
  const inference: Record<string, unknown> = {};
  if (request.maxTokens !== undefined) inference['maxTokens'] = request.maxTokens;
  if (request.temperature !== undefined) inference['temperature'] = request.temperature;
  if (request.topP !== undefined) inference['topP'] = request.topP;
  if (request.stop.length > 0) inference['stopSequences'] = request.stop;
  if (Object.keys(inference).length > 0) body['inferenceConfig'] = inference;
  const toolConfig = tools(request);
  if (toolConfig) body['toolConfig'] = toolConfig;
  return body;
}

/** Whether the conversation already holds tool calls or results (Converse then requires a toolConfig). */
export function usesToolHistory(request: ChatRequest): boolean {
  return request.messages.some((m) => m.toolCalls.length > 0 || m.role === ChatRole.CHAT_ROLE_TOOL);
}

function tools(request: ChatRequest): Block | undefined {
  const jsonAnswer = jsonAnswerTool(request);
  if (jsonAnswer) {
    return {
      tools: [{ toolSpec: { name: jsonAnswer.name, description: jsonAnswer.description, inputSchema: { json: jsonAnswer.schema } } }],
      toolChoice: { tool: { name: jsonAnswer.name } },
    };
  }
  if (request.tools.length === 0) return undefined;
  const mode = request.toolChoice?.mode;
  // Converse has no "none": leaving the tools out is how a call is prevented.
  if (mode === ToolChoiceMode.TOOL_CHOICE_MODE_NONE && !usesToolHistory(request)) return undefined;
  const config: Block = {
    tools: request.tools.map((t) => ({
      toolSpec: {
        name: t.name,
        ...(t.description ? { description: t.description } : {}),
        inputSchema: { json: parseJsonSchema(t.parametersJson) },
      },
    })),
  };
  if (mode === ToolChoiceMode.TOOL_CHOICE_MODE_REQUIRED) config['toolChoice'] = { any: {} };
  else if (mode === ToolChoiceMode.TOOL_CHOICE_MODE_FUNCTION)
    config['toolChoice'] = { tool: { name: request.toolChoice?.functionName ?? '' } };
  else if (mode === ToolChoiceMode.TOOL_CHOICE_MODE_AUTO) config['toolChoice'] = { auto: {} };
  return config;
}

function messages(request: ChatRequest): Message[] {
  const out: Message[] = [];
  const push = (role: Message['role'], content: Block[]): void => {
    if (content.length === 0) return;
    const last = out[out.length - 1];
    if (last && last.role === role) last.content.push(...content);
    else out.push({ role, content });
  };
  for (const m of request.messages) {
    if (isInstruction(m)) continue;
    if (m.role === ChatRole.CHAT_ROLE_ASSISTANT) {
      push('assistant', [
        ...m.content.flatMap(block),
        ...m.toolCalls.map((c) => ({ toolUse: { toolUseId: c.id, name: c.name, input: argumentsObject(c.argumentsJson) ?? {} } })),
      ]);
    } else if (m.role === ChatRole.CHAT_ROLE_TOOL) {
      push('user', [{ toolResult: { toolUseId: m.toolCallId, content: [{ text: textOf(m, '\n') || ' ' }] } }]);
    } else {
      push('user', m.content.flatMap(block));
    }
  }
  return out;
}

function block(p: ContentPart): Block[] {
  switch (p.part?.$case) {
    case 'text':
      // Converse rejects blank text blocks.
      return p.part.text.trim().length > 0 ? [{ text: p.part.text }] : [];
    case 'image': {
      const data = parseDataUrl(p.part.image.url);
      if (!data) return [];
      return [{ image: { format: data.mimeType.replace(/^image\//, '').replace('jpg', 'jpeg'), source: { bytes: data.base64 } } }];
    }
    default:
      return [];
  }
}
