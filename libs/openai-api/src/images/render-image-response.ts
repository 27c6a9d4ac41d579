import type { ImageResponse } from '@switchyard/contracts';

export interface OpenAiImage {
  url?: string;
  b64_json?: string;
  revised_prompt?: string;
}

export interface OpenAiImagesResponse {
  created: number;
  data: OpenAiImage[];
  usage?: { input_tokens: number; output_tokens: number; total_tokens: number };
}

/** OpenAI's image response; `usage` only where the provider reported tokens (gpt-image-1), as OpenAI sends it. */
export function renderImages(response: ImageResponse): OpenAiImagesResponse {
  const out: OpenAiImagesResponse = {
    created: response.created,
    data: response.data.map((d) => {
      const image: OpenAiImage = d.image?.$case === 'b64Json' ? { b64_json: d.image.b64Json } : { url: d.image?.url ?? '' };
      if (d.revisedPrompt) image.revised_prompt = d.revisedPrompt;
      return image;
    }),
  };
  const u = response.usage;
  if (u && (u.inputTokens > 0 || u.outputTokens > 0)) {
    out.usage = { input_tokens: u.inputTokens, output_tokens: u.outputTokens, total_tokens: u.inputTokens + u.outputTokens };
  }
  return out;
}
