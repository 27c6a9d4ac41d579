import { ChatRequest, ResponseFormatType } from '@switchyard/contracts';

/**
 * JSON mode for families that can force a tool call but have no response
 * format (Anthropic, Bedrock Converse): the request gets one tool whose input
 * schema is the wanted answer, forced; the tool's input comes back as the
 * message content. The name is reserved, so a tool_use with it is always ours.
 */
export const JSON_ANSWER_TOOL = 'switchyard_json_answer';

export interface JsonAnswerTool {
  readonly name: string;
  readonly description: string;
  readonly schema: Record<string, unknown>;
}

/** The tool that carries a JSON answer, when the request asks for JSON (json_object or json_schema). */
export function jsonAnswerTool(request: ChatRequest): JsonAnswerTool | undefined {
  const format = request.responseFormat;
  if (format?.type === ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_OBJECT) {
    return { name: JSON_ANSWER_TOOL, description: 'Give your whole answer as this JSON object.', schema: { type: 'object' } };
  }
  if (format?.type === ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_SCHEMA) {
    const schema = schemaObject(format.schemaJson) ?? { type: 'object' };
    const about = format.schemaName ? ` (${format.schemaName})` : '';
    return { name: JSON_ANSWER_TOOL, description: `Give your whole answer as this JSON object${about}.`, schema };
  }
  return undefined;
}

/** What JSON mode through a forced tool cannot combine with, as a feature name; undefined when it can be served. */
export function jsonViaToolUnsupported(request: ChatRequest): string | undefined {
  const format = request.responseFormat;
  if (!jsonAnswerTool(request)) return undefined;
  if (request.tools.length > 0) return 'JSON mode (response_format) together with tools';
  if (format?.type === ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_SCHEMA && format.schemaJson) {
    const schema = schemaObject(format.schemaJson);
    if (!schema || (schema['type'] !== undefined && schema['type'] !== 'object'))
      return "structured outputs whose schema's root is not an object";
  }
  return undefined;
}

function schemaObject(json: string): Record<string, unknown> | undefined {
  if (!json) return undefined;
  try {
    const value = JSON.parse(json) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
