import { OpenAiStreamDecoder } from '../openai/chat-stream';

/**
 * Azure streams OpenAI's chunks; its first chunk may carry only
 * prompt_filter_results with no choices, which decodes to nothing.
 */
export class AzureStreamDecoder extends OpenAiStreamDecoder {}
