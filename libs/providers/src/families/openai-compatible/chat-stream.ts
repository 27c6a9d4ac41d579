import { OpenAiStreamDecoder } from '../openai/chat-stream';

/** chat.completion.chunk frames; some servers put usage on the last choice chunk instead of a separate one, which decodes the same. */
export class CompatibleStreamDecoder extends OpenAiStreamDecoder {}
