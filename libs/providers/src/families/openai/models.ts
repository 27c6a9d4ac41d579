import { malformedResponse } from '../../mapping/malformed-response';
import type { Mapped, UpstreamHeaders, UpstreamModel } from '../../provider-adapter';
import { parseJson } from '../../wire/headers';
import { openAiError } from './errors';

interface WireModelList {
  data?: { id?: string; owned_by?: string; created?: number }[];
}

/** GET /models as OpenAI (and OpenAI-compatible servers) answer it. */
export function openAiModelsResponse(status: number, headers: UpstreamHeaders, body: Buffer): Mapped<UpstreamModel[]> {
  if (status < 200 || status >= 300) return { ok: false, error: openAiError(status, headers, body) };
  const wire = parseJson(body) as WireModelList | undefined;
  if (!wire || !Array.isArray(wire.data)) {
    return {
      ok: false,
      error: malformedResponse(status, 'a model list'),
    };
  }
  return {
    ok: true,
    value: wire.data
      .filter((m) => typeof m.id === 'string')
      .map((m) => ({ id: m.id ?? '', ownedBy: m.owned_by ?? '', createdUnix: m.created ?? 0 })),
  };
}
