import { isRecord } from '../../behaviour/config';
import type { ReplyRequest, ResponseFormat, ToolMode, ToolSpec } from '../../behaviour/reply';
import { countPromptTokens } from '../../behaviour/tokens';
import { invalidArgument, type GoogleRpcError } from './errors';

export interface GeminiRequest {
  reply: ReplyRequest;
  promptTokens: number;
}

export type GeminiParse = { ok: true; value: GeminiRequest; markerText: string } | { ok: false; error: GoogleRpcError };

interface PartsScan {
  text: string;
  images: number;
  functionResponses: number;
}

const fail = (message: string): { ok: false; error: GoogleRpcError } => ({ ok: false, error: invalidArgument(message) });

export function scanParts(parts: unknown, path: string): PartsScan | string {
  if (!Array.isArray(parts)) return `* ${path}.parts: parts must be a list`;
  const scan: PartsScan = { text: '', images: 0, functionResponses: 0 };
  const texts: string[] = [];
  for (const [i, part] of parts.entries()) {
    if (!isRecord(part)) return `* ${path}.parts[${i}]: must be an object`;
    if (typeof part['text'] === 'string') texts.push(part['text']);
    else if (isRecord(part['inlineData'])) {
      const data = part['inlineData'];
      if (typeof data['mimeType'] !== 'string' || typeof data['data'] !== 'string')
        return `* ${path}.parts[${i}].inline_data: mime_type and data are required`;
      scan.images++;
    } else if (isRecord(part['fileData'])) scan.images++;
    else if (isRecord(part['functionCall'])) texts.push(JSON.stringify(part['functionCall']));
    else if (isRecord(part['functionResponse'])) {
      texts.push(JSON.stringify(part['functionResponse']));
      scan.functionResponses++;
    } else if (!('thought' in part) && !('executableCode' in part) && !('codeExecutionResult' in part)) {
      return `* ${path}.parts[${i}].data: required oneof field 'data' must have one initialized field`;
    }
  }
  scan.text = texts.join('\n');
  return scan;
}

/** Gemini schemas use OpenAPI-style upper-case types; the reply generator wants JSON Schema. */
export function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (!isRecord(schema)) return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    out[key] = key === 'type' && typeof value === 'string' ? value.toLowerCase() : toJsonSchema(value);
  }
  return out;
}

function parseTools(value: unknown): ToolSpec[] | string {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return '* GenerateContentRequest.tools: must be a list';
  const tools: ToolSpec[] = [];
  for (const [i, tool] of value.entries()) {
    if (!isRecord(tool)) return `* GenerateContentRequest.tools[${i}]: must be an object`;
    const declarations = tool['functionDeclarations'];
    if (declarations === undefined) continue;
    if (!Array.isArray(declarations)) return `* GenerateContentRequest.tools[${i}].function_declarations: must be a list`;
    for (const [j, decl] of declarations.entries()) {
      if (!isRecord(decl) || typeof decl['name'] !== 'string' || !decl['name']) {
        return `* GenerateContentRequest.tools[${i}].function_declarations[${j}].name: Name cannot be empty.`;
      }
      tools.push({
        name: decl['name'],
        parameters: toJsonSchema(decl['parametersJsonSchema'] ?? decl['parameters'] ?? { type: 'object' }),
      });
    }
  }
  return tools;
}

function toolMode(toolConfig: unknown): ToolMode {
  const config = isRecord(toolConfig) && isRecord(toolConfig['functionCallingConfig']) ? toolConfig['functionCallingConfig'] : {};
  const allowed = Array.isArray(config['allowedFunctionNames']) ? config['allowedFunctionNames'] : [];
  switch (config['mode']) {
    case 'NONE':
      return 'none';
    case 'ANY':
      return typeof allowed[0] === 'string' ? { name: allowed[0] } : 'required';
    default:
      return 'auto';
  }
}

function responseFormat(generationConfig: Record<string, unknown>): ResponseFormat {
  if (generationConfig['responseMimeType'] !== 'application/json') return { kind: 'text' };
  const schema = generationConfig['responseJsonSchema'] ?? generationConfig['responseSchema'];
  return schema === undefined ? { kind: 'json_object' } : { kind: 'json_schema', schema: toJsonSchema(schema) };
}

export function parseGenerateRequest(body: unknown, invalidJson: boolean, model: string): GeminiParse {
  if (invalidJson || !isRecord(body)) return fail('Invalid JSON payload received. Unexpected token.');
  const contents = body['contents'];
  if (contents === undefined || (Array.isArray(contents) && contents.length === 0))
    return fail('* GenerateContentRequest.contents: contents is not specified\n');
  if (!Array.isArray(contents))
    return fail(`Invalid JSON payload received. Unknown name "contents": Proto field is not repeating, cannot start list.`);

  const texts: string[] = [];
  let images = 0;
  let lastUser: PartsScan = { text: '', images: 0, functionResponses: 0 };
  let lastIsFreshUserTurn = false;
  for (const [i, content] of contents.entries()) {
    if (!isRecord(content)) return fail(`* GenerateContentRequest.contents[${i}]: must be an object`);
    const role = content['role'] ?? 'user';
    if (role !== 'user' && role !== 'model') return fail('Please use a valid role: user, model.');
    const scan = scanParts(content['parts'], `GenerateContentRequest.contents[${i}]`);
    if (typeof scan === 'string') return fail(scan);
    texts.push(scan.text);
    images += scan.images;
    if (role === 'user') lastUser = scan;
    lastIsFreshUserTurn = role === 'user' && scan.functionResponses === 0;
  }

  let system = '';
  const systemInstruction = body['systemInstruction'] ?? body['system_instruction'];
  if (systemInstruction !== undefined) {
    const scan = isRecord(systemInstruction)
      ? scanParts(systemInstruction['parts'], 'GenerateContentRequest.system_instruction')
      : '* GenerateContentRequest.system_instruction: must be an object';
    if (typeof scan === 'string') return fail(scan);
    system = scan.text;
  }
  const tools = parseTools(body['tools']);
  if (typeof tools === 'string') return fail(tools);
  const generationConfig = isRecord(body['generationConfig']) ? body['generationConfig'] : {};
  const maxTokens = generationConfig['maxOutputTokens'];

  return {
    ok: true,
    markerText: lastUser.text,
    value: {
      promptTokens: countPromptTokens({
        system: system || undefined,
        messages: texts,
        images,
        tools: tools.length ? JSON.stringify(body['tools']) : undefined,
      }),
      reply: {
        model,
        lastUserText: lastUser.text,
        imageCount: lastUser.images,
        tools,
        toolMode: toolMode(body['toolConfig']),
        lastTurnIsUser: lastIsFreshUserTurn,
        responseFormat: responseFormat(generationConfig),
        maxTokens: typeof maxTokens === 'number' && maxTokens > 0 ? maxTokens : undefined,
      },
    },
  };
}
