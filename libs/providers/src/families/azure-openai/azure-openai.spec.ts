import { ChatRequest, ChatRole, EmbeddingsRequest, ErrorClass } from '@switchyard/contracts';
import { bodyOf, credential, decodeAll, target, user } from '../../test-support/fixtures';
import { azureOpenAiFamily } from './index';

const t = target('azure-openai', {
  upstreamModel: 'gpt-4o',
  baseUrl: 'https://res.openai.azure.com/',
  options: { azure_deployment: 'prod-4o', api_version: '2025-01-01-preview' },
});

describe('azure-openai', () => {
  it('calls the deployment URL with api-version and the api-key header', () => {
    const up = azureOpenAiFamily.chatRequest(
      t,
      ChatRequest.fromPartial({ model: 'm', messages: [user('Hi')], maxTokens: 9 }),
      credential,
      true,
    );
    expect(up.url).toBe('https://res.openai.azure.com/openai/deployments/prod-4o/chat/completions?api-version=2025-01-01-preview');
    expect(up.headers['api-key']).toBe('sk-test');
    expect(up.headers['authorization']).toBeUndefined();
    expect(bodyOf(up)).toMatchObject({ max_completion_tokens: 9, stream: true, stream_options: { include_usage: true } });
    const embed = azureOpenAiFamily.embeddingsRequest!(
      target('azure-openai', { upstreamModel: 'emb', baseUrl: 'https://res.openai.azure.com' }),
      EmbeddingsRequest.fromPartial({ inputs: ['a'] }),
      credential,
    );
    expect(embed.url).toBe('https://res.openai.azure.com/openai/deployments/emb/embeddings?api-version=2024-10-21');
  });

  it('maps Azure gateway errors and content-filter refusals', () => {
    const throttled = azureOpenAiFamily.errorResponse(
      429,
      { 'retry-after-ms': '1500' },
      Buffer.from('{"error":{"code":"429","message":"Requests ... have exceeded call rate limit"}}'),
    );
    expect(throttled).toMatchObject({ errorClass: ErrorClass.ERROR_CLASS_RATE_LIMITED, retryAfterMs: 1500 });
    const filtered = azureOpenAiFamily.errorResponse(
      400,
      {},
      Buffer.from(
        JSON.stringify({
          error: {
            message: 'The response was filtered',
            type: null,
            param: 'prompt',
            code: 'content_filter',
            status: 400,
            innererror: { code: 'ResponsibleAIPolicyViolation' },
          },
        }),
      ),
    );
    expect(filtered.errorClass).toBe(ErrorClass.ERROR_CLASS_CONTENT_FILTER);
    expect(
      azureOpenAiFamily.errorResponse(
        401,
        {},
        Buffer.from('{"error":{"code":"401","message":"Access denied due to invalid subscription key"}}'),
      ).errorClass,
    ).toBe(ErrorClass.ERROR_CLASS_AUTH);
  });

  it('keeps the developer role (Azure knows it)', () => {
    const req = ChatRequest.fromPartial({
      model: 'm',
      messages: [{ role: ChatRole.CHAT_ROLE_DEVELOPER, content: [{ part: { $case: 'text', text: 'x' } }] }, user('y')],
    });
    expect((bodyOf(azureOpenAiFamily.chatRequest(t, req, credential, false))['messages'] as { role: string }[])[0]!.role).toBe('developer');
  });

  it('classifies an in-stream server_error (OpenAI chunks) as upstream_5xx', () => {
    const bytes = Buffer.from(
      'data: {"choices":[],"prompt_filter_results":[]}\n\ndata: {"error":{"message":"down","type":"server_error"}}\n\n',
    );
    const last = decodeAll(azureOpenAiFamily.streamDecoder(), bytes).at(-1)?.event;
    expect(last?.$case === 'error' && last.error.errorClass).toBe(ErrorClass.ERROR_CLASS_UPSTREAM_5XX);
  });
});
