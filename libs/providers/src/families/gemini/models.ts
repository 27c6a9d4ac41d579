import { malformedResponse } from '../../mapping/malformed-response';
import type { Mapped, UpstreamHeaders, UpstreamModel } from '../../provider-adapter';
import { parseJson } from '../../wire/headers';
import { geminiError } from './errors';

export function geminiModelsResponse(status: number, headers: UpstreamHeaders, body: Buffer): Mapped<UpstreamModel[]> {
  if (status < 200 || status >= 300) return { ok: false, error: geminiError(status, headers, body) };
  const wire = parseJson(body) as { models?: { name?: string }[] } | undefined;
  if (!wire || !Array.isArray(wire.models)) {
    return {
      ok: false,
      error: malformedResponse(status, 'a model list'),
    };
  }
  return { ok: true, value: wire.models.map((m) => ({ id: (m.name ?? '').replace(/^models\//, ''), ownedBy: 'google', createdUnix: 0 })) };
}
