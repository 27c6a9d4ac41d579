import { isRecord } from '../../behaviour/config';
import { shortHash } from '../../behaviour/determinism';
import type { HttpReply } from '../../server/types';
import { INVALID_JSON_MESSAGE, invalidRequest } from './errors';
import { openaiHeaders, type OpenAIFlavour } from './headers';
import type { OpenAIParse } from './request';

/** omni-moderation's categories, in the order OpenAI sends them. */
export const MODERATION_CATEGORIES = [
  'harassment',
  'harassment/threatening',
  'hate',
  'hate/threatening',
  'illicit',
  'illicit/violent',
  'self-harm',
  'self-harm/intent',
  'self-harm/instructions',
  'sexual',
  'sexual/minors',
  'violence',
  'violence/graphic',
] as const;

/** The categories omni-moderation also judges images on. */
const IMAGE_CATEGORIES = new Set(['self-harm', 'self-harm/intent', 'self-harm/instructions', 'sexual', 'violence', 'violence/graphic']);

/**
 * Deterministic flags: an input is flagged in a category when its text holds
 * one of that category's trigger words (case-insensitive, whole words).
 */
export const MODERATION_TRIGGERS: Readonly<Record<string, readonly string[]>> = {
  harassment: ['idiot', 'loser'],
  hate: ['hateful'],
  illicit: ['contraband'],
  'self-harm': ['selfharm'],
  sexual: ['explicit'],
  violence: ['kill', 'attack'],
};

export interface ModerationItem {
  texts: string[];
  images: number;
}

export interface OpenAIModerationRequest {
  model: string;
  items: ModerationItem[];
}

const invalidInput = () =>
  invalidRequest("'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.");

export function parseModerationRequest(body: unknown, invalidJson: boolean): OpenAIParse<OpenAIModerationRequest> {
  if (invalidJson || !isRecord(body)) return { ok: false, error: invalidRequest(INVALID_JSON_MESSAGE) };
  const model = typeof body['model'] === 'string' && body['model'] ? body['model'] : 'omni-moderation-latest';
  const input = body['input'];
  if (input === undefined)
    return { ok: false, error: invalidRequest("Missing required parameter: 'input'.", 'input', 'missing_required_parameter') };
  let items: ModerationItem[];
  if (typeof input === 'string') items = [{ texts: [input], images: 0 }];
  else if (Array.isArray(input) && input.length > 0 && input.every((s) => typeof s === 'string'))
    items = input.map((s: string) => ({ texts: [s], images: 0 }));
  else if (Array.isArray(input) && input.length > 0 && input.every(isRecord)) {
    const item: ModerationItem = { texts: [], images: 0 };
    for (const part of input) {
      if (part['type'] === 'text' && typeof part['text'] === 'string') item.texts.push(part['text']);
      else if (part['type'] === 'image_url' && isRecord(part['image_url']) && typeof part['image_url']['url'] === 'string') item.images++;
      else return { ok: false, error: invalidInput() };
    }
    items = [item];
  } else return { ok: false, error: invalidInput() };
  return { ok: true, markerText: items.flatMap((i) => i.texts).join('\n'), value: { model, items } };
}

function flaggedCategories(text: string): Set<string> {
  const words = new Set(text.toLowerCase().split(/[^a-z-]+/));
  const flagged = new Set<string>();
  for (const [category, triggers] of Object.entries(MODERATION_TRIGGERS)) if (triggers.some((t) => words.has(t))) flagged.add(category);
  return flagged;
}

function result(item: ModerationItem) {
  const flagged = flaggedCategories(item.texts.join(' '));
  const categories: Record<string, boolean> = {};
  const scores: Record<string, number> = {};
  const types: Record<string, string[]> = {};
  for (const name of MODERATION_CATEGORIES) {
    categories[name] = flagged.has(name);
    scores[name] = flagged.has(name) ? 0.97 : 0.00012;
    types[name] = [...(item.texts.length > 0 ? ['text'] : []), ...(item.images > 0 && IMAGE_CATEGORIES.has(name) ? ['image'] : [])];
  }
  return { flagged: flagged.size > 0, categories, category_scores: scores, category_applied_input_types: types };
}

export function moderationReply(request: OpenAIModerationRequest, flavour: OpenAIFlavour): HttpReply {
  const id = `modr-${shortHash(JSON.stringify(request.items), 24)}`;
  return {
    status: 200,
    headers: { 'content-type': 'application/json', ...openaiHeaders(flavour) },
    body: JSON.stringify({ id, model: request.model, results: request.items.map(result) }),
  };
}
