export { openAiUsage as compatibleUsage } from '../openai/usage';
