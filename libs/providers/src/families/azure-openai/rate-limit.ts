// Azure sends x-ratelimit-remaining-* and retry-after / retry-after-ms, as OpenAI does.
export { openAiRateLimit as azureRateLimit } from '../openai/rate-limit';
