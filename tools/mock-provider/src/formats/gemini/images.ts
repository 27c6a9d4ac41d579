import { isRecord } from '../../behaviour/config';
import { MOCK_PNG } from '../../behaviour/mock-png';
import type { HttpReply } from '../../server/types';
import { geminiErrorReply, invalidArgument, rpcError, type GoogleRpcError } from './errors';
import { googlePrettyJson } from './json';

const ASPECT_RATIOS = ['1:1', '3:4', '4:3', '9:16', '16:9'];
const PERSON_GENERATION = ['dont_allow', 'allow_adult', 'allow_all'];
/** Imagen 4 Standard and Ultra draw 2K; Imagen 3 and Imagen 4 Fast only 1K. */
const DRAWS_2K = /^imagen-4\.0-(ultra-)?generate/;
const RAI_REASON =
  'Your current safety filter threshold filtered out the generated image. You will not be charged for blocked images. Try rephrasing the prompt. If you think this was an error, send feedback.';

export interface ImagenRequest {
  prompt: string;
  sampleCount: number;
  includeRaiReason: boolean;
}

export type ImagenParse = { ok: true; value: ImagenRequest } | { ok: false; error: GoogleRpcError };

function optionalOneOf(parameters: Record<string, unknown>, name: string, values: readonly string[]): string | undefined {
  const value = parameters[name];
  if (value === undefined || (typeof value === 'string' && values.includes(value))) return undefined;
  return `${name} must be one of ${values.join(', ')}; got ${JSON.stringify(value)}.`;
}

/**
 * models/{imagen}:predict as the Gemini API takes it: one instance with a
 * prompt; parameters sampleCount (1-4, Imagen's default 4), aspectRatio,
 * sampleImageSize (2K only on Imagen 4 Standard and Ultra), personGeneration.
 */
export function parseImagenRequest(body: unknown, invalidJson: boolean, model: string): ImagenParse {
  if (!model.startsWith('imagen-'))
    return {
      ok: false,
      error: rpcError(
        404,
        `models/${model} is not found for API version v1beta, or is not supported for predict. Call ListModels to see the list of available models and their supported methods.`,
      ),
    };
  if (invalidJson || !isRecord(body)) return { ok: false, error: invalidArgument('Invalid JSON payload received. Unexpected token.') };
  const instances = body['instances'];
  if (!Array.isArray(instances) || instances.length !== 1 || !isRecord(instances[0]))
    return { ok: false, error: invalidArgument('Exactly one instance is expected in instances.') };
  const prompt = instances[0]['prompt'];
  if (typeof prompt !== 'string' || prompt.trim() === '') return { ok: false, error: invalidArgument('The prompt must not be empty.') };
  const parameters = body['parameters'] ?? {};
  if (!isRecord(parameters)) return { ok: false, error: invalidArgument('parameters must be an object.') };
  const count = parameters['sampleCount'] ?? 4;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 4)
    return { ok: false, error: invalidArgument(`sampleCount must be an integer from 1 to 4; got ${JSON.stringify(count)}.`) };
  const wrong =
    optionalOneOf(parameters, 'aspectRatio', ASPECT_RATIOS) ??
    optionalOneOf(parameters, 'personGeneration', PERSON_GENERATION) ??
    optionalOneOf(parameters, 'sampleImageSize', DRAWS_2K.test(model) ? ['1K', '2K'] : ['1K']);
  if (wrong) return { ok: false, error: invalidArgument(wrong) };
  return { ok: true, value: { prompt, sampleCount: count, includeRaiReason: parameters['includeRaiReason'] === true } };
}

/**
 * sampleCount PNGs. With [[mock:content_filter]] the safety filter removes
 * every image: each is then a raiFilteredReason where includeRaiReason was
 * set, else the predictions are simply missing (`{}`), as Imagen answers.
 */
export function imagenReply(request: ImagenRequest, filtered: boolean): HttpReply {
  const predictions = filtered
    ? request.includeRaiReason
      ? Array.from({ length: request.sampleCount }, () => ({ raiFilteredReason: RAI_REASON }))
      : undefined
    : Array.from({ length: request.sampleCount }, () => ({ mimeType: 'image/png', bytesBase64Encoded: MOCK_PNG.toString('base64') }));
  return {
    status: 200,
    headers: { 'content-type': 'application/json; charset=UTF-8' },
    body: googlePrettyJson(predictions ? { predictions } : {}),
  };
}

/** A prompt Imagen refuses outright ([[mock:prompt_filter]]): a 400, not an empty answer. */
export function imagenPromptBlockedReply(): HttpReply {
  return geminiErrorReply(
    invalidArgument(
      "Image generation failed with the following error: The prompt could not be submitted. This prompt contains sensitive words that violate Google's Responsible AI practices. Try rephrasing the prompt. If you think this was an error, send feedback.",
    ),
  );
}
