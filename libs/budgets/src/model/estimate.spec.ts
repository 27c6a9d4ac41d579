import { ChatRequest, EmbeddingsRequest } from '@switchyard/contracts';
import { estimateChatCost, estimateEmbeddingsCost, inputTokensUpperBound } from './estimate';

const price = { input: 10_000_000, output: 30_000_000, cachedInput: 10_000_000, cacheWrite: 10_000_000 };
const chat = (text: string, maxTokens?: number) =>
  ChatRequest.fromPartial({
    model: 'm',
    messages: [{ content: [{ part: { $case: 'text', text } }] }],
    ...(maxTokens === undefined ? {} : { maxTokens }),
  });

describe('attempt cost estimates', () => {
  it('bounds input tokens by UTF-8 bytes plus framing', () => {
    expect(inputTokensUpperBound(chat('hello world'))).toBe(4 + 4 + 11);
    // Multi-byte text counts its bytes, never its characters.
    expect(inputTokensUpperBound(chat('日本'))).toBe(4 + 4 + 6);
  });

  it('charges max_tokens of output, or the assumed output without it', () => {
    expect(estimateChatCost(chat('hi', 50), price, 1024)).toBe(Math.round((10 * 10_000_000 + 50 * 30_000_000) / 1_000_000));
    expect(estimateChatCost(chat('hi'), price, 200)).toBe(Math.round((10 * 10_000_000 + 200 * 30_000_000) / 1_000_000));
    expect(estimateChatCost(chat('hi'), price, 0)).toBe(Math.round((10 * 10_000_000 + 1024 * 30_000_000) / 1_000_000));
  });

  it('is zero without a price and counts embeddings input only', () => {
    expect(estimateChatCost(chat('hi', 5), undefined, 0)).toBe(0);
    expect(estimateEmbeddingsCost(EmbeddingsRequest.fromPartial({ inputs: ['abc', 'de'] }), price)).toBe(70);
  });
});
