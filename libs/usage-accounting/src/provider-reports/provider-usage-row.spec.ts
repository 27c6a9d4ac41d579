import { reportedUsage, usageReportRequest } from './provider-usage-row';

describe('provider usage reports', () => {
  it('asks OpenAI for one day per api key and model, sums models per credential, reasoning not reported', () => {
    const source = {
      provider: 'openai' as const,
      baseUrl: 'https://api.openai.com/v1/',
      adminKey: 'sk-admin',
      credentials: { key_1: 'cred-a' },
    };
    const req = usageReportRequest(source, '2026-12-04');
    expect(req.url).toBe(
      'https://api.openai.com/v1/organization/usage/completions?start_time=1796342400&end_time=1796428800&bucket_width=1d&limit=1&group_by=api_key_id&group_by=model',
    );
    const body = {
      data: [
        {
          start_time: 1796342400,
          results: [
            { api_key_id: 'key_1', model: 'gpt-4o', input_tokens: 100, output_tokens: 10, input_cached_tokens: 40 },
            { api_key_id: 'key_1', model: 'gpt-4o-mini', input_tokens: 50, output_tokens: 5, input_cached_tokens: 0 },
          ],
        },
      ],
    };
    expect(reportedUsage(source, body)).toEqual([
      {
        credential: 'cred-a',
        provider: 'openai',
        day: '2026-12-04',
        inputTokens: 150,
        outputTokens: 15,
        cachedInputTokens: 40,
        reasoningTokens: null,
      },
    ]);
  });

  it('adds Anthropic cache reads and writes back into input (counted once each), reasoning not reported', () => {
    const source = { provider: 'anthropic' as const, baseUrl: 'https://api.anthropic.com/v1', adminKey: 'a', credentials: {} };
    expect(usageReportRequest(source, '2026-12-04').headers).toMatchObject({ 'x-api-key': 'a' });
    const body = {
      data: [
        {
          starting_at: '2026-12-04T00:00:00Z',
          results: [
            {
              api_key_id: 'apikey_9',
              uncached_input_tokens: 12,
              cache_read_input_tokens: 2000,
              cache_creation: { ephemeral_5m_input_tokens: 500, ephemeral_1h_input_tokens: 0 },
              output_tokens: 40,
            },
          ],
        },
      ],
    };
    expect(reportedUsage(source, body)).toEqual([
      {
        credential: 'apikey_9',
        provider: 'anthropic',
        day: '2026-12-04',
        inputTokens: 2512,
        outputTokens: 40,
        cachedInputTokens: 2000,
        reasoningTokens: null,
      },
    ]);
  });
});
