import { ChatMessage, ChatRequest, ChatRole } from '@switchyard/contracts';

/** The text parts of a message joined, for formats where a turn is one string. */
export function textOf(message: ChatMessage, separator = ''): string {
  return message.content
    .map((p) => (p.part?.$case === 'text' ? p.part.text : ''))
    .filter((t) => t.length > 0)
    .join(separator);
}

/** System and developer instructions, which several providers take outside the conversation. */
export function isInstruction(message: ChatMessage): boolean {
  return message.role === ChatRole.CHAT_ROLE_SYSTEM || message.role === ChatRole.CHAT_ROLE_DEVELOPER;
}

export function instructionText(request: ChatRequest): string {
  return request.messages
    .filter(isInstruction)
    .map((m) => textOf(m, '\n'))
    .filter((t) => t.length > 0)
    .join('\n\n');
}

/**
 * Tool results in OpenAI's shape carry only the call id; providers that key
 * results by function name (Gemini, Ollama) need the name the call used.
 */
export function toolNamesById(request: ChatRequest): Map<string, string> {
  const names = new Map<string, string>();
  for (const m of request.messages) for (const call of m.toolCalls) names.set(call.id, call.name);
  return names;
}

/** Tool-call arguments as the JSON object most providers require; undefined when they are not one. */
export function argumentsObject(argumentsJson: string): Record<string, unknown> | undefined {
  if (argumentsJson.trim() === '') return {};
  try {
    const value = JSON.parse(argumentsJson) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function parseJsonSchema(json: string): Record<string, unknown> {
  if (!json) return { type: 'object', properties: {} };
  const value = JSON.parse(json) as unknown;
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : { type: 'object', properties: {} };
}
