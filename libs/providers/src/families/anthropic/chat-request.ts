import { ChatMessage, ChatRequest, ChatRole, ContentPart, DeploymentTarget, ToolChoiceMode } from '@switchyard/contracts';
import type { UpstreamCredential, UpstreamRequest } from '../../provider-adapter';
import { argumentsObject, instructionText, isInstruction, parseJsonSchema, textOf } from '../../mapping/chat-content';
import { parseDataUrl } from '../../mapping/data-url';
import { jsonAnswerTool } from '../../mapping/json-via-tool';
import { anthropicHeaders, anthropicUrl } from './api';

/**
 * Anthropic requires max_tokens; when the caller sets none, the deployment's
 * options.default_max_tokens is used, else this documented default.
 */
export const DEFAULT_ANTHROPIC_MAX_TOKENS = 4096;

type Block = Record<string, unknown>;
interface Turn {
  role: 'user' | 'assistant';
  content: Block[];
}

export function anthropicChatRequest(
  target: DeploymentTarget,
  request: ChatRequest,
  credential: UpstreamCredential,
  stream: boolean,
): UpstreamRequest {
  return {
    url: anthropicUrl(target, '/messages'),
    method: 'POST',
    headers: anthropicHeaders(target, credential, stream),
    body: JSON.stringify(anthropicBody(target, request, stream)),
  };
}

export function anthropicBody(target: DeploymentTarget, request: ChatRequest, stream: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = {
    model: target.upstreamModel,
    max_tokens: request.maxTokens ?? defaultMaxTokens(target),
    messages: turns(request.messages),
  };
  // System and developer messages, wherever they appear, become the system prompt.
  const system = instructionText(request);
  if (system) body['system'] = system;
  if (request.temperature !== undefined) body['temperature'] = request.temperature;
  if (request.topP !== undefined) body['top_p'] = request.topP;
  if (request.stop.length > 0) body['stop_sequences'] = request.stop;
  const jsonAnswer = jsonAnswerTool(request);
  if (jsonAnswer) {
    body['tools'] = [{ name: jsonAnswer.name, description: jsonAnswer.description, input_schema: jsonAnswer.schema }];
    body['tool_choice'] = { type: 'tool', name: jsonAnswer.name };
  } else if (request.tools.length > 0) {
    body['tools'] = request.tools.map((t) => ({
      name: t.name,
      ...(t.description ? { description: t.description } : {}),
      input_schema: parseJsonSchema(t.parametersJson),
    }));
    const choice = toolChoice(request);
    if (choice) body['tool_choice'] = choice;
  }
  if (request.endUser) body['metadata'] = { user_id: request.endUser };
  if (stream) body['stream'] = true;
  return body;
}

function defaultMaxTokens(target: DeploymentTarget): number {
  const configured = Number(target.options['default_max_tokens']);
  return Number.isInteger(configured) && configured > 0 ? configured : DEFAULT_ANTHROPIC_MAX_TOKENS;
}

/** OpenAI-style messages as alternating Anthropic turns; tool results ride in user turns. */
function turns(messages: readonly ChatMessage[]): Turn[] {
  const out: Turn[] = [];
  const push = (role: Turn['role'], content: Block[]): void => {
    if (content.length === 0) return;
    const last = out[out.length - 1];
    if (last && last.role === role) last.content.push(...content);
    else out.push({ role, content });
  };
  for (const m of messages) {
    if (isInstruction(m)) continue;
    switch (m.role) {
      case ChatRole.CHAT_ROLE_ASSISTANT:
        push('assistant', [
          ...m.content.flatMap(block),
          ...m.toolCalls.map((c) => ({ type: 'tool_use', id: c.id, name: c.name, input: argumentsObject(c.argumentsJson) ?? {} })),
        ]);
        break;
      case ChatRole.CHAT_ROLE_TOOL:
        push('user', [{ type: 'tool_result', tool_use_id: m.toolCallId, content: textOf(m, '\n') }]);
        break;
      default:
        push('user', m.content.flatMap(block));
    }
  }
  return out;
}

function block(p: ContentPart): Block[] {
  switch (p.part?.$case) {
    case 'text':
      // Anthropic rejects empty text blocks.
      return p.part.text.length > 0 ? [{ type: 'text', text: p.part.text }] : [];
    case 'image': {
      const data = parseDataUrl(p.part.image.url);
      const source = data ? { type: 'base64', media_type: data.mimeType, data: data.base64 } : { type: 'url', url: p.part.image.url };
      return [{ type: 'image', source }];
    }
    default:
      return [];
  }
}

function toolChoice(request: ChatRequest): Block | undefined {
  const disableParallel = request.parallelToolCalls === false ? { disable_parallel_tool_use: true } : {};
  switch (request.toolChoice?.mode) {
    case ToolChoiceMode.TOOL_CHOICE_MODE_NONE:
      return { type: 'none' };
    case ToolChoiceMode.TOOL_CHOICE_MODE_REQUIRED:
      return { type: 'any', ...disableParallel };
    case ToolChoiceMode.TOOL_CHOICE_MODE_FUNCTION:
      return { type: 'tool', name: request.toolChoice.functionName, ...disableParallel };
    default:
      return request.parallelToolCalls === false ? { type: 'auto', ...disableParallel } : undefined;
  }
}
