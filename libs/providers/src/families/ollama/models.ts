import { malformedResponse } from '../../mapping/malformed-response';
import type { Mapped, UpstreamHeaders, UpstreamModel } from '../../provider-adapter';
import { parseJson } from '../../wire/headers';
import { ollamaError } from './errors';

/** GET /api/tags: the models pulled on this server. */
export function ollamaModelsResponse(status: number, headers: UpstreamHeaders, body: Buffer): Mapped<UpstreamModel[]> {
  if (status < 200 || status >= 300) return { ok: false, error: ollamaError(status, headers, body) };
  const wire = parseJson(body) as { models?: { name?: string; modified_at?: string }[] } | undefined;
  if (!wire || !Array.isArray(wire.models)) {
    return {
      ok: false,
      error: malformedResponse(status, 'a model list'),
    };
  }
  return {
    ok: true,
    value: wire.models.map((m) => ({
      id: m.name ?? '',
      ownedBy: 'ollama',
      createdUnix: m.modified_at ? Math.floor(Date.parse(m.modified_at) / 1000) || 0 : 0,
    })),
  };
}
