// Groq, Together, Mistral and DeepSeek send OpenAI-style x-ratelimit-* headers (or none).
export { openAiRateLimit as compatibleRateLimit } from '../openai/rate-limit';
