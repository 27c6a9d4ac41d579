import { DeploymentTarget, ErrorInfo, ModerationCategory, ModerationRequest, ModerationResponse } from '@switchyard/contracts';
import { malformedResponse } from '../../mapping/malformed-response';
import type { Mapped, UpstreamCredential, UpstreamHeaders, UpstreamRequest } from '../../provider-adapter';
import { parseJson } from '../../wire/headers';
import { openAiHeaders, openAiUrl } from './api';
import { openAiError } from './errors';

interface WireResult {
  flagged?: boolean;
  categories?: Record<string, boolean>;
  category_scores?: Record<string, number>;
  category_applied_input_types?: Record<string, string[]>;
}

interface WireModeration {
  id?: string;
  model?: string;
  results?: WireResult[];
}

/**
 * OpenAI's moderation input: a string list when every input is one text (the
 * caller sent a string or a string array), else the one multimodal array.
 */
export function openAiModerationInput(request: ModerationRequest): unknown {
  const texts = request.inputs.map((i) => (i.parts.length === 1 && i.parts[0]?.part?.$case === 'text' ? i.parts[0].part.text : undefined));
  if (texts.every((t): t is string => t !== undefined)) return texts.length === 1 ? texts[0] : texts;
  return (request.inputs[0]?.parts ?? []).map((p) =>
    p.part?.$case === 'imageUrl' ? { type: 'image_url', image_url: { url: p.part.imageUrl } } : { type: 'text', text: p.part?.text ?? '' },
  );
}

export function openAiModerationRequest(
  target: DeploymentTarget,
  request: ModerationRequest,
  credential: UpstreamCredential,
): UpstreamRequest {
  return {
    url: openAiUrl(target, '/moderations'),
    method: 'POST',
    headers: openAiHeaders(target, credential, false),
    body: JSON.stringify({ model: target.upstreamModel, input: openAiModerationInput(request) }),
  };
}

/** Categories keep the provider's names and order (the flags' keys), with their scores and input types. */
function categories(result: WireResult): ModerationCategory[] {
  const flags = result.categories ?? {};
  const names = [...new Set([...Object.keys(flags), ...Object.keys(result.category_scores ?? {})])];
  return names.map((name) =>
    ModerationCategory.fromPartial({
      name,
      flagged: flags[name] === true,
      score: result.category_scores?.[name] ?? 0,
      appliedInputTypes: result.category_applied_input_types?.[name] ?? [],
    }),
  );
}

export function openAiModerationResponse(status: number, headers: UpstreamHeaders, body: Buffer): Mapped<ModerationResponse> {
  if (status < 200 || status >= 300) return { ok: false, error: openAiError(status, headers, body) };
  const wire = parseJson(body) as WireModeration | undefined;
  if (!wire || !Array.isArray(wire.results)) return { ok: false, error: malformedResponse(status, 'a moderation result list') };
  return {
    ok: true,
    value: ModerationResponse.fromPartial({
      id: wire.id ?? '',
      model: wire.model ?? '',
      results: wire.results.map((r) => ({ flagged: r.flagged === true, categories: categories(r) })),
    }),
  };
}

/** Moderations of a family that speaks OpenAI's body at its own address with its own errors (Azure OpenAI). */
export function openAiModerationsAt(
  address: (target: DeploymentTarget, credential: UpstreamCredential) => Pick<UpstreamRequest, 'url' | 'headers'>,
  error: (status: number, headers: UpstreamHeaders, body: Buffer) => ErrorInfo,
): {
  request: (target: DeploymentTarget, request: ModerationRequest, credential: UpstreamCredential) => UpstreamRequest;
  response: (status: number, headers: UpstreamHeaders, body: Buffer) => Mapped<ModerationResponse>;
} {
  return {
    request: (target, request, credential) => ({ ...openAiModerationRequest(target, request, credential), ...address(target, credential) }),
    response: (status, headers, body) =>
      status < 200 || status >= 300 ? { ok: false, error: error(status, headers, body) } : openAiModerationResponse(status, headers, body),
  };
}
