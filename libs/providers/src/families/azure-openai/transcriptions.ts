import { openAiTranscriptionStreamAt } from '../openai/transcription-stream';
import { openAiTranscriptionsAt } from '../openai/transcriptions';
import { azureHeaders, azureUrl } from './api';
import { azureError } from './errors';

const transcriptions = openAiTranscriptionsAt(
  (target, credential, translate) => ({
    url: azureUrl(target, translate ? 'audio/translations' : 'audio/transcriptions'),
    headers: azureHeaders(target, credential, false),
  }),
  azureError,
);

export const azureTranscriptionRequest = transcriptions.request;
export const azureTranscriptionResponse = transcriptions.response;

export const azureTranscriptionStream = openAiTranscriptionStreamAt((target, credential) => ({
  url: azureUrl(target, 'audio/transcriptions'),
  headers: azureHeaders(target, credential, true),
}));
