import { isRecord } from '../../behaviour/config';
import type { ReplyRequest, ToolMode, ToolSpec } from '../../behaviour/reply';
import { countPromptTokens } from '../../behaviour/tokens';
import { validation, type BedrockException } from './errors';

export interface ConverseRequest {
  reply: ReplyRequest;
  promptTokens: number;
}

export type ConverseParse = { ok: true; value: ConverseRequest; markerText: string } | { ok: false; error: BedrockException };

interface Scan {
  text: string;
  images: number;
  toolResults: number;
}

const fail = (message: string): { ok: false; error: BedrockException } => ({ ok: false, error: validation(message) });
const constraint = (value: string, path: string, rule: string): string =>
  `1 validation error detected: Value ${value} at '${path}' failed to satisfy constraint: ${rule}`;
const IMAGE_FORMATS = ['png', 'jpeg', 'gif', 'webp'];

function scanContent(content: unknown, i: number): Scan | string {
  if (!Array.isArray(content)) return constraint('null', `messages.${i + 1}.member.content`, 'Member must not be null');
  if (content.length === 0) {
    return `The content field in the Message object at messages.${i} is empty. Add a ContentBlock object to the content field and try again.`;
  }
  const scan: Scan = { text: '', images: 0, toolResults: 0 };
  const texts: string[] = [];
  for (const block of content) {
    if (!isRecord(block)) return `The content field in the Message object at messages.${i} is malformed.`;
    if (typeof block['text'] === 'string') texts.push(block['text']);
    else if (isRecord(block['image'])) {
      const image = block['image'];
      if (!IMAGE_FORMATS.includes(String(image['format']))) {
        return constraint(
          `'${String(image['format'])}'`,
          `messages.${i + 1}.member.content.member.image.format`,
          'Member must satisfy enum value set: [png, jpeg, gif, webp]',
        );
      }
      if (!isRecord(image['source']))
        return constraint('null', `messages.${i + 1}.member.content.member.image.source`, 'Member must not be null');
      scan.images++;
    } else if (isRecord(block['toolUse'])) {
      const use = block['toolUse'];
      if (typeof use['toolUseId'] !== 'string' || typeof use['name'] !== 'string') {
        return constraint('null', `messages.${i + 1}.member.content.member.toolUse.toolUseId`, 'Member must not be null');
      }
      texts.push(JSON.stringify(use['input'] ?? {}));
    } else if (isRecord(block['toolResult'])) {
      const result = block['toolResult'];
      if (typeof result['toolUseId'] !== 'string')
        return constraint('null', `messages.${i + 1}.member.content.member.toolResult.toolUseId`, 'Member must not be null');
      texts.push(JSON.stringify(result['content'] ?? []));
      scan.toolResults++;
    } else if (
      !('document' in block) &&
      !('reasoningContent' in block) &&
      !('cachePoint' in block) &&
      !('guardContent' in block) &&
      !('video' in block)
    ) {
      return `The content field in the Message object at messages.${i} contains an unsupported ContentBlock type.`;
    }
  }
  scan.text = texts.join('\n');
  return scan;
}

function parseToolConfig(value: unknown): { tools: ToolSpec[]; mode: ToolMode } | string {
  if (value === undefined) return { tools: [], mode: 'auto' };
  if (!isRecord(value) || !Array.isArray(value['tools'])) return constraint('null', 'toolConfig.tools', 'Member must not be null');
  const tools: ToolSpec[] = [];
  for (const [i, tool] of value['tools'].entries()) {
    if (isRecord(tool) && 'cachePoint' in tool) continue;
    const spec = isRecord(tool) ? tool['toolSpec'] : undefined;
    if (!isRecord(spec) || typeof spec['name'] !== 'string')
      return constraint('null', `toolConfig.tools.${i + 1}.member.toolSpec.name`, 'Member must not be null');
    const schema = isRecord(spec['inputSchema']) ? spec['inputSchema']['json'] : undefined;
    if (!isRecord(schema)) return constraint('null', `toolConfig.tools.${i + 1}.member.toolSpec.inputSchema`, 'Member must not be null');
    tools.push({ name: spec['name'], parameters: schema });
  }
  const choice = value['toolChoice'];
  let mode: ToolMode = 'auto';
  if (isRecord(choice)) {
    if ('any' in choice) mode = 'required';
    else if (isRecord(choice['tool']) && typeof choice['tool']['name'] === 'string') mode = { name: choice['tool']['name'] };
  }
  return { tools, mode };
}

export function parseConverseRequest(body: unknown, invalidJson: boolean, modelId: string): ConverseParse {
  if (invalidJson || !isRecord(body)) return fail('Malformed input request, please reformat your input and try again.');
  const messages = body['messages'];
  if (!Array.isArray(messages)) return fail(constraint('null', 'messages', 'Member must not be null'));
  if (messages.length === 0)
    return fail('A conversation must start with a user message. Try again with a conversation that starts with a user message.');

  const texts: string[] = [];
  let images = 0;
  let lastUser: Scan = { text: '', images: 0, toolResults: 0 };
  let lastIsFreshUserTurn = false;
  for (const [i, message] of messages.entries()) {
    if (!isRecord(message)) return fail(constraint('null', `messages.${i + 1}.member`, 'Member must not be null'));
    const role = message['role'];
    if (role !== 'user' && role !== 'assistant') {
      return fail(
        constraint(`'${String(role)}'`, `messages.${i + 1}.member.role`, 'Member must satisfy enum value set: [user, assistant]'),
      );
    }
    const scan = scanContent(message['content'], i);
    if (typeof scan === 'string') return fail(scan);
    texts.push(scan.text);
    images += scan.images;
    if (role === 'user') lastUser = scan;
    lastIsFreshUserTurn = role === 'user' && scan.toolResults === 0;
  }

  const system = Array.isArray(body['system'])
    ? body['system'].map((b) => (isRecord(b) && typeof b['text'] === 'string' ? b['text'] : '')).join('\n')
    : '';
  const toolConfig = parseToolConfig(body['toolConfig']);
  if (typeof toolConfig === 'string') return fail(toolConfig);
  const inference = isRecord(body['inferenceConfig']) ? body['inferenceConfig'] : {};
  const maxTokens = inference['maxTokens'];
  if (maxTokens !== undefined && (typeof maxTokens !== 'number' || !Number.isInteger(maxTokens) || maxTokens < 1)) {
    return fail(constraint(String(maxTokens), 'inferenceConfig.maxTokens', 'Member must have value greater than or equal to 1'));
  }

  return {
    ok: true,
    markerText: lastUser.text,
    value: {
      promptTokens: countPromptTokens({
        system: system || undefined,
        messages: texts,
        images,
        tools: toolConfig.tools.length ? JSON.stringify(body['toolConfig']) : undefined,
      }),
      reply: {
        model: modelId,
        lastUserText: lastUser.text,
        imageCount: lastUser.images,
        tools: toolConfig.tools,
        toolMode: toolConfig.mode,
        lastTurnIsUser: lastIsFreshUserTurn,
        responseFormat: { kind: 'text' },
        maxTokens: typeof maxTokens === 'number' ? maxTokens : undefined,
      },
    },
  };
}
