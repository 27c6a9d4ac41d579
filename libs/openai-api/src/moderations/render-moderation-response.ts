import type { ModerationResponse } from '@switchyard/contracts';

export interface OpenAiModerationResult {
  flagged: boolean;
  categories: Record<string, boolean>;
  category_scores: Record<string, number>;
  category_applied_input_types: Record<string, string[]>;
}

export interface OpenAiModeration {
  id: string;
  model: string;
  results: OpenAiModerationResult[];
}

/** OpenAI's moderation object; `fallbackId` (from the request id) when the provider sent none. */
export function renderModeration(response: ModerationResponse, fallbackId: string): OpenAiModeration {
  return {
    id: response.id || fallbackId,
    model: response.model,
    results: response.results.map((r) => {
      const out: OpenAiModerationResult = { flagged: r.flagged, categories: {}, category_scores: {}, category_applied_input_types: {} };
      for (const c of r.categories) {
        out.categories[c.name] = c.flagged;
        out.category_scores[c.name] = c.score;
        out.category_applied_input_types[c.name] = c.appliedInputTypes;
      }
      return out;
    }),
  };
}
