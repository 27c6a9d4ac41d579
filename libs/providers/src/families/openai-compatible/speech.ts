import { openAiSpeechAt } from '../openai/speech';
import { compatibleHeaders, compatibleUrl } from './api';

/** OpenAI-compatible speech servers (e.g. Kokoro-FastAPI) answer plain audio bytes. */
export const compatibleSpeech = openAiSpeechAt(
  (target, credential) => ({ url: compatibleUrl(target, '/audio/speech'), headers: compatibleHeaders(credential, false) }),
  () => false,
);
