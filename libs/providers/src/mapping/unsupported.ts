import { ChatRequest, ChatRole, DeploymentTarget, ResponseFormatType, ToolChoiceMode } from '@switchyard/contracts';
import { argumentsObject } from './chat-content';
import { isDataUrl, parseDataUrl } from './data-url';

/** What a family cannot take; each check returns the missing feature's name or undefined. */
export interface FeatureLimits {
  readonly family: string;
  readonly audioInput?: boolean;
  /** Remote (http/https) image URLs; data: URLs are always allowed. */
  readonly remoteImages?: boolean;
  /** Image media types the provider accepts from data: URLs; undefined means any image/*. */
  readonly imageTypes?: readonly string[];
  readonly jsonMode?: boolean;
  readonly jsonSchema?: boolean;
  /** Tool-call arguments must be a JSON object (they are re-sent as structured input). */
  readonly objectToolArguments?: boolean;
  readonly forcedToolChoice?: boolean;
  /** Tool results are matched to their call by function name, so each must answer an earlier call. */
  readonly namedToolResults?: boolean;
  readonly penalties?: boolean;
  readonly seed?: boolean;
  readonly reasoningEffort?: boolean;
}

export function describeUnsupported(request: Pick<ChatRequest, 'model'>, target: DeploymentTarget, what: string): string {
  return `The model '${request.model || target.upstreamModel}' is served by the ${target.provider} provider family (deployment ${target.deploymentId}), which does not support ${what}.`;
}

/** The first feature of `request` that the limits rule out, as a client-facing sentence. */
export function checkLimits(request: ChatRequest, target: DeploymentTarget, limits: FeatureLimits): string | undefined {
  const missing = firstMissing(request, limits);
  return missing === undefined ? undefined : describeUnsupported(request, target, missing);
}

function firstMissing(request: ChatRequest, limits: FeatureLimits): string | undefined {
  const calls = new Set<string>();
  for (const [i, m] of request.messages.entries()) {
    for (const call of m.toolCalls) calls.add(call.id);
    if (limits.namedToolResults && m.role === ChatRole.CHAT_ROLE_TOOL && !calls.has(m.toolCallId)) {
      return `tool results that answer no earlier tool call (messages[${i}].tool_call_id '${m.toolCallId}')`;
    }
    for (const part of m.content) {
      if (part.part?.$case === 'audio' && !limits.audioInput) return 'audio input';
      if (part.part?.$case === 'image') {
        const url = part.part.image.url;
        if (!isDataUrl(url)) {
          if (!limits.remoteImages) return 'image URLs (send the image inline as a base64 data: URL instead)';
        } else {
          const data = parseDataUrl(url);
          if (!data) return 'this data: URL (expected data:image/<type>;base64,...)';
          if (limits.imageTypes && !limits.imageTypes.includes(data.mimeType)) {
            return `images of type ${data.mimeType} (supported: ${limits.imageTypes.join(', ')})`;
          }
        }
      }
    }
    if (limits.objectToolArguments) {
      for (const call of m.toolCalls) {
        if (argumentsObject(call.argumentsJson) === undefined)
          return `tool-call arguments that are not a JSON object (messages[${i}].tool_calls, call ${call.id})`;
      }
    }
    if (m.role === ChatRole.CHAT_ROLE_TOOL && !m.toolCallId) return `tool results without a tool_call_id (messages[${i}])`;
  }
  const format = request.responseFormat?.type;
  if (format === ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_OBJECT && !limits.jsonMode)
    return "JSON mode (response_format 'json_object')";
  if (format === ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_SCHEMA && !limits.jsonSchema)
    return "structured outputs (response_format 'json_schema')";
  const choice = request.toolChoice?.mode;
  if (
    (choice === ToolChoiceMode.TOOL_CHOICE_MODE_REQUIRED || choice === ToolChoiceMode.TOOL_CHOICE_MODE_FUNCTION) &&
    !limits.forcedToolChoice
  ) {
    return "forcing a tool call (tool_choice 'required' or a named function)";
  }
  if ((request.presencePenalty !== undefined || request.frequencyPenalty !== undefined) && !limits.penalties)
    return 'presence_penalty / frequency_penalty';
  if (request.seed !== undefined && !limits.seed) return 'seed';
  if (request.reasoningEffort && request.reasoningEffort !== 'none' && !limits.reasoningEffort) return 'reasoning_effort';
  return undefined;
}
