export { openAiChatResponse as compatibleChatResponse } from '../openai/chat-response';
