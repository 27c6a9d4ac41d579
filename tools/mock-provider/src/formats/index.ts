import type { Route } from '../server/types';
import { anthropicRoutes } from './anthropic/routes';
import { bedrockRoutes } from './bedrock/routes';
import { geminiRoutes } from './gemini/routes';
import { ollamaRoutes } from './ollama/routes';
import { openaiRoutes } from './openai/routes';
import { usageReportRoutes } from './usage-reports';

/** Every provider route; each family's paths are distinct, so order only matters within a family. */
export const ALL_ROUTES: Route[] = [
  ...openaiRoutes,
  ...anthropicRoutes,
  ...geminiRoutes,
  ...bedrockRoutes,
  ...ollamaRoutes,
  ...usageReportRoutes,
];
