export { openAiUsage as azureUsage } from '../openai/usage';
