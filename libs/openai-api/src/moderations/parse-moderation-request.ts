import { ApiError } from '@switchyard/api-errors';
import { ModerationInput, ModerationRequest } from '@switchyard/contracts';
import { invalidType, invalidValue, JsonReader } from '../validation/json-walker';

const KNOWN_FIELDS = new Set(['model', 'input']);
/** OpenAI's default when the body names no model. */
export const DEFAULT_MODERATION_MODEL = 'omni-moderation-latest';
export const MODERATION_MAX_INPUTS = 32;

export interface ParsedModerationRequest {
  readonly request: ModerationRequest;
}

/**
 * An OpenAI moderation body: `input` a string (one result), a string array
 * (one result each) or a multimodal array of text and image_url parts (one
 * result for all of them).
 */
export function parseModerationRequest(body: unknown): ParsedModerationRequest {
  const r = JsonReader.root(body);
  r.rejectUnknown(KNOWN_FIELDS);
  const model = r.optionalString('model') ?? DEFAULT_MODERATION_MODEL;
  if (model.trim() === '') throw invalidValue('model', 'must not be empty.');
  const raw = r.raw('input');
  if (raw === undefined || raw === null)
    throw ApiError.invalidRequest("Missing required parameter: 'input'.", 'input', 'missing_required_parameter');
  return { request: ModerationRequest.fromPartial({ model, inputs: inputsOf(r, raw) }) };
}

const text = (t: string): ModerationInput => ({ parts: [{ part: { $case: 'text', text: t } }] });

function inputsOf(r: JsonReader, raw: unknown): ModerationInput[] {
  if (typeof raw === 'string') {
    if (raw.length === 0) throw invalidValue('input', 'must not be empty.');
    return [text(raw)];
  }
  if (!Array.isArray(raw)) throw invalidType('input', 'a string, an array of strings or an array of text and image_url parts', raw);
  if (raw.length === 0) throw invalidValue('input', 'must not be empty.');
  if (raw.every((s) => typeof s === 'string')) {
    if (raw.length > MODERATION_MAX_INPUTS) throw invalidValue('input', `at most ${MODERATION_MAX_INPUTS} inputs per request.`);
    if (raw.some((s) => s.length === 0)) throw invalidValue('input', 'inputs must not be empty strings.');
    return raw.map(text);
  }
  const parts = raw.map((_, i) => {
    const p = r.element(raw, i, 'input');
    const type = p.requiredString('type');
    if (type === 'text') {
      p.rejectUnknown(new Set(['type', 'text']));
      const t = p.requiredString('text');
      if (t.length === 0) throw invalidValue(p.param('text'), 'must not be empty.');
      return { part: { $case: 'text' as const, text: t } };
    }
    if (type === 'image_url') {
      p.rejectUnknown(new Set(['type', 'image_url']));
      const image = p.requiredObject('image_url');
      image.rejectUnknown(new Set(['url']));
      const url = image.requiredString('url');
      if (!/^(https?:|data:image\/)/.test(url)) throw invalidValue(image.param('url'), 'must be an http(s) URL or a data:image/ URL.');
      return { part: { $case: 'imageUrl' as const, imageUrl: url } };
    }
    throw invalidValue(p.param('type'), `'${type}'. Supported values are: 'text' and 'image_url'.`);
  });
  return [{ parts }];
}

/**
 * A unified ModerationRequest as the gRPC Gateway receives it, held to the
 * rules of the REST body: an empty model is OpenAI's default, and the inputs
 * must be there, non-empty and within the limit.
 */
export function checkModerationRequest(request: ModerationRequest): ModerationRequest {
  if (request.inputs.length === 0)
    throw ApiError.invalidRequest("Missing required parameter: 'input'.", 'input', 'missing_required_parameter');
  if (request.inputs.length > MODERATION_MAX_INPUTS) throw invalidValue('input', `at most ${MODERATION_MAX_INPUTS} inputs per request.`);
  if (
    request.inputs.some(
      (i) => i.parts.length === 0 || i.parts.some((p) => p.part === undefined || (p.part.$case === 'text' && p.part.text === '')),
    )
  )
    throw invalidValue('input', 'inputs must not be empty.');
  return { ...request, model: request.model.trim() === '' ? DEFAULT_MODERATION_MODEL : request.model };
}
