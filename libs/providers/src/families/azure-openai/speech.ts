import { openAiSpeechAt } from '../openai/speech';
import { azureHeaders, azureUrl } from './api';

export const azureSpeech = openAiSpeechAt((target, credential) => ({
  url: azureUrl(target, 'audio/speech'),
  headers: azureHeaders(target, credential, false),
}));
