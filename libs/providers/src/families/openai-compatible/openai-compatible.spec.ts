import { ChatRequest, ChatRole, ErrorClass } from '@switchyard/contracts';
import { bodyOf, credential, decodeAll, target, user } from '../../test-support/fixtures';
import { openAiCompatibleFamily } from './index';

const t = target('openai-compatible', { upstreamModel: 'mistral-small-latest', baseUrl: 'https://api.mistral.ai/v1' });

describe('openai-compatible', () => {
  it('sends max_tokens, maps the developer role to system and uses Bearer auth when there is a key', () => {
    const req = ChatRequest.fromPartial({
      model: 'm',
      maxTokens: 5,
      messages: [{ role: ChatRole.CHAT_ROLE_DEVELOPER, content: [{ part: { $case: 'text', text: 'rules' } }] }, user('hi')],
    });
    const up = openAiCompatibleFamily.chatRequest(t, req, credential, false);
    expect(up.url).toBe('https://api.mistral.ai/v1/chat/completions');
    expect(up.headers['authorization']).toBe('Bearer sk-test');
    expect(bodyOf(up)).toEqual({
      model: 'mistral-small-latest',
      max_tokens: 5,
      messages: [
        { role: 'system', content: 'rules' },
        { role: 'user', content: 'hi' },
      ],
    });
    expect(openAiCompatibleFamily.chatRequest(t, req, { apiKey: '', extras: {} }, false).headers['authorization']).toBeUndefined();
  });

  it('can leave out stream_options for servers that reject it', () => {
    const req = ChatRequest.fromPartial({ model: 'm', messages: [user('hi')] });
    expect(bodyOf(openAiCompatibleFamily.chatRequest(t, req, credential, true))['stream_options']).toEqual({ include_usage: true });
    expect(
      bodyOf(
        openAiCompatibleFamily.chatRequest(target('openai-compatible', { options: { stream_usage: 'false' } }), req, credential, true),
      )['stream_options'],
    ).toBeUndefined();
  });

  it('understands vLLM and plain error bodies', () => {
    const vllm = openAiCompatibleFamily.errorResponse(
      400,
      {},
      Buffer.from(
        '{"object":"error","message":"This model\'s maximum context length is 8192 tokens. However, you requested 9000 tokens","type":"BadRequestError","param":null,"code":400}',
      ),
    );
    expect(vllm.errorClass).toBe(ErrorClass.ERROR_CLASS_CONTEXT_LENGTH);
    expect(
      openAiCompatibleFamily.errorResponse(429, { 'retry-after': '2' }, Buffer.from('{"detail":"Rate limit exceeded"}')),
    ).toMatchObject({ errorClass: ErrorClass.ERROR_CLASS_RATE_LIMITED, message: 'Rate limit exceeded', retryAfterMs: 2000 });
  });

  it('classifies an in-stream error by its type, not as an invalid request', () => {
    const bytes = Buffer.from(
      'data: {"choices":[{"index":0,"delta":{"content":"a"}}]}\n\ndata: {"error":{"message":"boom","type":"server_error"}}\n\n',
    );
    const last = decodeAll(openAiCompatibleFamily.streamDecoder(), bytes).at(-1)?.event;
    expect(last?.$case === 'error' && last.error.errorClass).toBe(ErrorClass.ERROR_CLASS_UPSTREAM_5XX);
  });
});
