import { ChatRequest, ErrorClass } from '@switchyard/contracts';
import { bodyOf, credential, system, target, user } from '../../test-support/fixtures';
import { geminiFamily } from './index';

const t = target('gemini', { upstreamModel: 'gemini-2.5-flash', baseUrl: 'https://generativelanguage.googleapis.com/v1beta' });
const request = ChatRequest.fromPartial({
  model: 'm',
  messages: [system('Be brief.'), user('Hi')],
  maxTokens: 50,
  tools: [{ name: 'lookup', description: 'Look up', parametersJson: '{"type":"object"}' }],
});

describe('gemini token counting', () => {
  it('sends the generateContent prompt (contents, systemInstruction, tools) to models/{model}:countTokens, without generationConfig', () => {
    const up = geminiFamily.countTokensRequest!(t, request, credential);
    expect(up.url).toBe('https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:countTokens');
    expect(up.headers['x-goog-api-key']).toBe('sk-test');
    const inner = bodyOf(up)['generateContentRequest'] as Record<string, unknown>;
    expect(inner).toMatchObject({
      model: 'models/gemini-2.5-flash',
      contents: [{ role: 'user', parts: [{ text: 'Hi' }] }],
      systemInstruction: { parts: [{ text: 'Be brief.' }] },
      tools: [{ functionDeclarations: [{ name: 'lookup' }] }],
    });
    expect(inner['generationConfig']).toBeUndefined();
  });

  it('reads totalTokens as an exact count, and maps errors and malformed answers', () => {
    expect(geminiFamily.countTokensResponse!(200, {}, Buffer.from('{"totalTokens":31}'))).toEqual({
      ok: true,
      value: { inputTokens: 31, estimated: false },
    });
    const failed = geminiFamily.countTokensResponse!(
      429,
      {},
      Buffer.from('{"error":{"code":429,"status":"RESOURCE_EXHAUSTED","message":"slow"}}'),
    );
    expect(failed.ok ? undefined : failed.error.errorClass).toBe(ErrorClass.ERROR_CLASS_RATE_LIMITED);
    expect(geminiFamily.countTokensResponse!(200, {}, Buffer.from('{}')).ok).toBe(false);
  });
});
