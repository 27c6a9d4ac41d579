import { openAiTranscriptionsAt } from '../openai/transcriptions';
import { compatibleHeaders, compatibleUrl } from './api';
import { compatibleError } from './errors';

/** Groq-style whisper servers take OpenAI's audio form under their own base URL. */
const transcriptions = openAiTranscriptionsAt(
  (target, credential, translate) => ({
    url: compatibleUrl(target, translate ? '/audio/translations' : '/audio/transcriptions'),
    headers: compatibleHeaders(credential, false),
  }),
  compatibleError,
);

export const compatibleTranscriptionRequest = transcriptions.request;
export const compatibleTranscriptionResponse = transcriptions.response;
