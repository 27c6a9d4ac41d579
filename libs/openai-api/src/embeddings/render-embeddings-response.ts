import type { EmbeddingsResponse } from '@switchyard/contracts';

export interface OpenAiEmbeddingList {
  object: 'list';
  data: { object: 'embedding'; index: number; embedding: number[] | string }[];
  model: string;
  usage: { prompt_tokens: number; total_tokens: number };
}

/** base64 is the little-endian float32 array, as OpenAI sends it. */
export function renderEmbeddings(response: EmbeddingsResponse, encoding: 'float' | 'base64'): OpenAiEmbeddingList {
  const tokens = response.usage?.inputTokens ?? 0;
  return {
    object: 'list',
    data: response.data.map((e) => ({
      object: 'embedding',
      index: e.index,
      embedding: encoding === 'base64' ? Buffer.from(new Float32Array(e.values).buffer).toString('base64') : e.values,
    })),
    model: response.model,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  };
}
