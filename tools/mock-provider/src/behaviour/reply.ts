import { stripMarkers } from './directives';
import { hashString } from './determinism';
import { valueForSchema, type JsonValue } from './json-schema';
import { countTokens } from './tokens';

export interface ToolSpec {
  name: string;
  /** JSON Schema of the tool's input. */
  parameters: unknown;
}

export type ToolMode = 'auto' | 'none' | 'required' | { name: string };

export type ResponseFormat = { kind: 'text' } | { kind: 'json_object' } | { kind: 'json_schema'; schema: unknown };

/** What every family's request parser boils a chat request down to. */
export interface ReplyRequest {
  model: string;
  lastUserText: string;
  /** Images in the last user turn; acknowledged in the reply text. */
  imageCount: number;
  tools: ToolSpec[];
  toolMode: ToolMode;
  lastTurnIsUser: boolean;
  responseFormat: ResponseFormat;
  maxTokens?: number;
}

export interface ReplyKnobs {
  replyWords: number;
  contentFilter: boolean;
  reasoningTokens: number;
}

export interface TextReply {
  kind: 'text';
  text: string;
  /** Stream deltas; joined they equal `text`. */
  pieces: string[];
  finish: 'stop' | 'length' | 'content_filter';
  outputTokens: number;
  reasoningTokens: number;
}

export interface ToolCallReply {
  kind: 'tool_call';
  toolName: string;
  input: { [key: string]: JsonValue };
  inputJson: string;
  /** Argument fragments; joined they equal `inputJson`. */
  pieces: string[];
  outputTokens: number;
  reasoningTokens: number;
}

export type Reply = TextReply | ToolCallReply;

const VOCABULARY = [
  'alpha',
  'bravo',
  'charlie',
  'delta',
  'echo',
  'foxtrot',
  'golf',
  'hotel',
  'india',
  'juliet',
  'kilo',
  'lima',
  'mike',
  'november',
  'oscar',
  'papa',
  'quebec',
  'romeo',
  'sierra',
  'tango',
];

export function sourceWords(lastUserText: string): string[] {
  const words =
    stripMarkers(lastUserText)
      .toLowerCase()
      .match(/[a-z0-9']+/g) ?? [];
  return words.length ? words : VOCABULARY;
}

/** Alternates the user's own words with a seeded vocabulary word, so replies are readable and stable. */
export function replyWords(lastUserText: string, count: number): string[] {
  const source = sourceWords(lastUserText);
  const seed = hashString(stripMarkers(lastUserText));
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    out.push(i % 2 === 0 ? (source[(i / 2) % source.length] ?? 'mock') : (VOCABULARY[(seed + i) % VOCABULARY.length] ?? 'mock'));
  }
  return out;
}

export function generateReply(request: ReplyRequest, knobs: ReplyKnobs): Reply {
  const reasoningTokens = knobs.reasoningTokens;
  if (!knobs.contentFilter && shouldCallTool(request)) {
    const tool = chooseTool(request);
    if (tool) {
      const value = valueForSchema(tool.parameters, { words: sourceWords(request.lastUserText), requiredOnly: true });
      const input = typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
      const inputJson = JSON.stringify(input);
      return {
        kind: 'tool_call',
        toolName: tool.name,
        input,
        inputJson,
        pieces: slices(inputJson, 8),
        outputTokens: countTokens(tool.name) + countTokens(inputJson),
        reasoningTokens,
      };
    }
  }
  if (request.responseFormat.kind !== 'text' && !knobs.contentFilter) {
    const text = JSON.stringify(jsonReply(request, knobs.replyWords));
    return { kind: 'text', text, pieces: slices(text, 8), finish: 'stop', outputTokens: countTokens(text), reasoningTokens };
  }
  const images = request.imageCount ? ` (saw ${request.imageCount} image${request.imageCount === 1 ? '' : 's'})` : '';
  const words = replyWords(request.lastUserText, knobs.replyWords);
  if (knobs.contentFilter) {
    const text = `Mock reply from ${request.model}${images}: ${words.slice(0, 2).join(' ')}`;
    return { kind: 'text', text, pieces: wordPieces(text), finish: 'content_filter', outputTokens: countTokens(text), reasoningTokens };
  }
  const full = `Mock reply from ${request.model}${images}: ${words.join(' ')}.`;
  return truncateToMaxTokens(full, request.maxTokens, reasoningTokens);
}

function truncateToMaxTokens(full: string, maxTokens: number | undefined, reasoningTokens: number): TextReply {
  const pieces = wordPieces(full);
  const fullTokens = countTokens(full);
  if (maxTokens === undefined || fullTokens <= maxTokens) {
    return { kind: 'text', text: full, pieces, finish: 'stop', outputTokens: fullTokens, reasoningTokens };
  }
  const kept: string[] = [];
  for (const piece of pieces) {
    if (countTokens(kept.join('') + piece) > maxTokens) break;
    kept.push(piece);
  }
  const text = kept.join('');
  return { kind: 'text', text, pieces: kept, finish: 'length', outputTokens: countTokens(text), reasoningTokens };
}

function jsonReply(request: ReplyRequest, wordCount: number): JsonValue {
  if (request.responseFormat.kind === 'json_schema') {
    return valueForSchema(request.responseFormat.schema, { words: sourceWords(request.lastUserText), requiredOnly: false });
  }
  return { reply: replyWords(request.lastUserText, wordCount).join(' '), model: request.model };
}

function shouldCallTool(request: ReplyRequest): boolean {
  if (request.tools.length === 0 || request.toolMode === 'none') return false;
  return request.toolMode !== 'auto' || request.lastTurnIsUser;
}

function chooseTool(request: ReplyRequest): ToolSpec | undefined {
  const mode = request.toolMode;
  if (typeof mode === 'object') return request.tools.find((t) => t.name === mode.name) ?? request.tools[0];
  return request.tools[0];
}

/** Word-sized deltas with the leading space attached, the way tokenised streams look. */
export function wordPieces(text: string): string[] {
  const pieces = text.match(/\s*\S+/g) ?? [];
  return pieces.length ? pieces : [text];
}

export function slices(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out.length ? out : [''];
}
