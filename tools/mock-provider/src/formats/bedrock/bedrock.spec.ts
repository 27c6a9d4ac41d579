import { signedHeaders, type AwsCredentials } from '../../test-support/aws-signer';
import { mockProviderFixture, readUntilClose } from '../../test-support/harness';
import { EventStreamDecoder, headerString, type EventStreamMessage } from '@switchyard/providers';

const CREDS: AwsCredentials = { accessKeyId: 'AKIDMOCK', secretAccessKey: 'mock-secret', region: 'us-east-1' };
const verifying = mockProviderFixture({ awsSecretAccessKey: CREDS.secretAccessKey });
const lenient = mockProviderFixture();
beforeAll(async () => {
  await verifying.start();
  await lenient.start();
});
afterAll(async () => {
  await verifying.stop();
  await lenient.stop();
});

const MODEL = encodeURIComponent('anthropic.claude-3-5-sonnet-20240620-v1:0');

interface ConverseResponse {
  metrics: { latencyMs: number };
  output: {
    message: { role: string; content: { text?: string; toolUse?: { toolUseId: string; name: string; input: Record<string, unknown> } }[] };
  };
  stopReason: string;
  usage: { inputTokens: number; outputTokens: number; totalTokens: number; cacheReadInputTokens?: number };
}

async function call(path: string, body: unknown, extraHeaders: Record<string, string> = {}, base = verifying.url): Promise<Response> {
  const url = `${base}${path}`;
  const text = JSON.stringify(body);
  return fetch(url, { method: 'POST', headers: { ...signedHeaders('POST', url, text, CREDS), ...extraHeaders }, body: text });
}

const user = (text: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  messages: [{ role: 'user', content: [{ text }] }],
  ...extra,
});
const toolConfig = {
  tools: [
    {
      toolSpec: {
        name: 'get_weather',
        description: 'Weather',
        inputSchema: { json: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
      },
    },
  ],
};

async function frames(res: Response): Promise<EventStreamMessage[]> {
  const decoder = new EventStreamDecoder();
  const out: EventStreamMessage[] = [];
  for await (const chunk of res.body ?? []) out.push(...decoder.push(chunk as Uint8Array));
  expect(decoder.pendingBytes).toBe(0);
  return out;
}
const payload = (m: EventStreamMessage): Record<string, unknown> => JSON.parse(m.payload.toString('utf8')) as Record<string, unknown>;

describe('Bedrock Converse (JSON)', () => {
  it('returns output, stopReason, usage and metrics for a signed request', async () => {
    const res = await call(
      `/model/${MODEL}/converse`,
      user('hello bedrock', { system: [{ text: 'be brief' }], inferenceConfig: { maxTokens: 200 } }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('x-amzn-requestid')).toBeTruthy();
    const body = (await res.json()) as ConverseResponse;
    expect(Object.keys(body)).toEqual(['metrics', 'output', 'stopReason', 'usage']);
    expect(body.output.message).toEqual({
      role: 'assistant',
      content: [{ text: expect.stringMatching(/^Mock reply from anthropic\.claude-3-5-sonnet-20240620-v1:0: hello/) }],
    });
    expect(body.stopReason).toBe('end_turn');
    expect(body.usage.totalTokens).toBe(body.usage.inputTokens + body.usage.outputTokens);
    expect(body.metrics.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('answers toolUse for a toolConfig and text after a toolResult', async () => {
    const body = (await (await call(`/model/${MODEL}/converse`, user('weather in Nice', { toolConfig }))).json()) as ConverseResponse;
    expect(body.stopReason).toBe('tool_use');
    const use = body.output.message.content[0]?.toolUse;
    expect(use).toEqual({ toolUseId: expect.stringMatching(/^tooluse_/), name: 'get_weather', input: { city: expect.any(String) } });
    const follow = {
      toolConfig,
      messages: [
        { role: 'user', content: [{ text: 'weather in Nice' }] },
        { role: 'assistant', content: [{ toolUse: use }] },
        { role: 'user', content: [{ toolResult: { toolUseId: use?.toolUseId, content: [{ json: { temp: 21 } }] } }] },
      ],
    };
    expect(((await (await call(`/model/${MODEL}/converse`, follow)).json()) as ConverseResponse).stopReason).toBe('end_turn');
  });

  it('accepts images, reports cache reads and content filtering', async () => {
    const image = {
      messages: [{ role: 'user', content: [{ text: 'see' }, { image: { format: 'png', source: { bytes: 'iVBORw0KGgo=' } } }] }],
    };
    expect(((await (await call(`/model/${MODEL}/converse`, image)).json()) as ConverseResponse).output.message.content[0]?.text).toContain(
      '(saw 1 image)',
    );
    const cached = (await (await call(`/model/${MODEL}/converse`, user('x [[mock:cached=2]]'))).json()) as ConverseResponse;
    expect(cached.usage.cacheReadInputTokens).toBe(2);
    expect(cached.usage.totalTokens).toBe(cached.usage.inputTokens + cached.usage.outputTokens + 2);
    expect(
      ((await (await call(`/model/${MODEL}/converse`, user('x [[mock:content_filter]]'))).json()) as ConverseResponse).stopReason,
    ).toBe('content_filtered');
  });

  it('validates the body with ValidationException', async () => {
    const res = await call(`/model/${MODEL}/converse`, { messages: [{ role: 'system', content: [{ text: 'x' }] }] });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-errortype')).toMatch(/^ValidationException:/);
    expect(((await res.json()) as { message: string }).message).toContain("'messages.1.member.role' failed to satisfy constraint");
  });
});

describe('Bedrock SigV4 checks', () => {
  const url = (base: string): string => `${base}/model/${MODEL}/converse`;
  const body = JSON.stringify(user('x'));

  it('rejects a missing Authorization header', async () => {
    const res = await fetch(url(verifying.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(res.status).toBe(403);
    expect(res.headers.get('x-amzn-errortype')).toMatch(/^MissingAuthenticationTokenException:/);
    expect(await res.json()).toEqual({ message: 'Missing Authentication Token' });
  });

  it('rejects a malformed header and a wrong service scope', async () => {
    const malformed = await fetch(url(lenient.url), {
      method: 'POST',
      headers: { authorization: 'AWS4-HMAC-SHA256 Credential=x', 'x-amz-date': '20240101T000000Z' },
      body,
    });
    expect(malformed.headers.get('x-amzn-errortype')).toMatch(/^IncompleteSignatureException:/);
    const headers = signedHeaders('POST', url(lenient.url), body, CREDS);
    const wrongService = { ...headers, authorization: (headers['authorization'] ?? '').replace('/bedrock/', '/s3/') };
    const res = await fetch(url(lenient.url), { method: 'POST', headers: wrongService, body });
    expect(res.status).toBe(403);
    expect(res.headers.get('x-amzn-errortype')).toMatch(/^InvalidSignatureException:/);
  });

  it('verifies signatures when the secret is configured', async () => {
    const good = signedHeaders('POST', url(verifying.url), body, CREDS);
    expect((await fetch(url(verifying.url), { method: 'POST', headers: good, body })).status).toBe(200);
    const tampered = await fetch(url(verifying.url), { method: 'POST', headers: good, body: body.replace('x', 'y') });
    expect(tampered.status).toBe(403);
    expect(((await tampered.json()) as { message: string }).message).toMatch(/signature we calculated does not match/);
    const wrongKey = signedHeaders('POST', url(verifying.url), body, { ...CREDS, secretAccessKey: 'nope' });
    expect((await fetch(url(verifying.url), { method: 'POST', headers: wrongKey, body })).status).toBe(403);
  });

  it('accepts any well-formed signature without a secret, and bearer API keys', async () => {
    const headers = signedHeaders('POST', url(lenient.url), body, { ...CREDS, secretAccessKey: 'whatever' });
    expect((await fetch(url(lenient.url), { method: 'POST', headers, body })).status).toBe(200);
    expect((await fetch(url(lenient.url), { method: 'POST', headers: { authorization: 'Bearer ABSK-key' }, body })).status).toBe(200);
  });
});

describe('Bedrock ConverseStream (event stream)', () => {
  it('frames messageStart, deltas, contentBlockStop, messageStop and metadata with JSON-mode usage', async () => {
    const json = (await (await call(`/model/${MODEL}/converse`, user('stream the river'))).json()) as ConverseResponse;
    const res = await call(`/model/${MODEL}/converse-stream`, user('stream the river'));
    expect(res.headers.get('content-type')).toBe('application/vnd.amazon.eventstream');
    const messages = await frames(res);
    for (const m of messages) {
      expect(headerString(m, ':message-type')).toBe('event');
      expect(headerString(m, ':content-type')).toBe('application/json');
    }
    const types = messages.map((m) => headerString(m, ':event-type'));
    const deltas = types.filter((t) => t === 'contentBlockDelta').length;
    expect(deltas).toBeGreaterThan(3);
    expect(types).toEqual([
      'messageStart',
      ...Array<string>(deltas).fill('contentBlockDelta'),
      'contentBlockStop',
      'messageStop',
      'metadata',
    ]);
    expect(payload(messages[0]!)).toEqual({ role: 'assistant', p: expect.any(String) });
    const text = messages
      .filter((m) => headerString(m, ':event-type') === 'contentBlockDelta')
      .map((m) => (payload(m)['delta'] as { text: string }).text)
      .join('');
    expect(text).toBe(json.output.message.content[0]?.text);
    expect(payload(messages.at(-2)!)['stopReason']).toBe('end_turn');
    const meta = payload(messages.at(-1)!);
    expect(meta['usage']).toEqual(json.usage);
    expect((meta['metrics'] as { latencyMs: number }).latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('streams tool use with contentBlockStart and input fragments', async () => {
    const messages = await frames(await call(`/model/${MODEL}/converse-stream`, user('weather?', { toolConfig })));
    const types = messages.map((m) => headerString(m, ':event-type'));
    expect(types.slice(0, 2)).toEqual(['messageStart', 'contentBlockStart']);
    expect(payload(messages[1]!)['start']).toEqual({ toolUse: { toolUseId: expect.stringMatching(/^tooluse_/), name: 'get_weather' } });
    const input = messages
      .filter((m) => headerString(m, ':event-type') === 'contentBlockDelta')
      .map((m) => (payload(m)['delta'] as { toolUse: { input: string } }).toolUse.input)
      .join('');
    expect(JSON.parse(input)).toEqual({ city: expect.any(String) });
    expect(payload(messages.at(-2)!)['stopReason']).toBe('tool_use');
  });

  it('sends in-stream exception events', async () => {
    const messages = await frames(await call(`/model/${MODEL}/converse-stream`, user('x [[mock:stream_error=429,stream_error_after=2]]')));
    const last = messages.at(-1)!;
    expect(headerString(last, ':message-type')).toBe('exception');
    expect(headerString(last, ':exception-type')).toBe('throttlingException');
    expect(payload(last)).toEqual({ message: 'Too many requests, please wait before trying again.' });
    expect(messages.filter((m) => headerString(m, ':message-type') === 'event')).toHaveLength(3);
  });

  it('cuts mid-frame boundary and holds until release', async () => {
    const cut = await call(`/model/${MODEL}/converse-stream`, user('x'), { 'x-mock-cut-after-chunks': '2' });
    const { cleanEnd } = await readUntilClose(cut);
    expect(cleanEnd).toBe(false);

    const held = await call(`/model/${MODEL}/converse-stream`, user('x [[mock:hold=bed-1]]'));
    const reader = held.body!.getReader();
    const decoder = new EventStreamDecoder();
    const firstFrames = decoder.push((await reader.read()).value ?? new Uint8Array());
    expect(firstFrames.map((m) => headerString(m, ':event-type'))).toEqual(['messageStart', 'contentBlockDelta']);
    const next = reader.read();
    expect(await Promise.race([next.then(() => 'data'), new Promise((r) => setTimeout(() => r('held'), 150))])).toBe('held');
    await fetch(`${verifying.url}/_mock/release/bed-1`, { method: 'POST' });
    await next;
    for (let r = await reader.read(); !r.done; r = await reader.read());
  });
});

describe('Bedrock faults', () => {
  it.each([
    [429, 'ThrottlingException'],
    [500, 'InternalServerException'],
    [503, 'ServiceUnavailableException'],
    [400, 'ValidationException'],
  ])('status %i is %s in x-amzn-ErrorType with a {message} body', async (status, type) => {
    const res = await call(`/model/${MODEL}/converse`, user('x'), { 'x-mock-status': String(status), 'x-mock-retry-after': '3' });
    expect(res.status).toBe(status);
    expect(res.headers.get('x-amzn-errortype')).toBe(`${type}:http://internal.amazon.com/coral/com.amazon.bedrock/`);
    expect(Object.keys((await res.json()) as object)).toEqual(['message']);
    expect(res.headers.get('retry-after')).toBe('3');
  });

  it('reports input too long as ValidationException', async () => {
    const res = await call(`/model/${MODEL}/converse`, user('x [[mock:context_length]]'));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ message: 'Input is too long for requested model.' });
  });

  it('works under a virtual deployment prefix (signature covers the prefixed path)', async () => {
    await fetch(`${verifying.url}/_mock/deployments/bedrock-east`, { method: 'PUT', body: JSON.stringify({ replyWords: 1 }) });
    const body = (await (await call(`/d/bedrock-east/model/${MODEL}/converse`, user('alpha beta'))).json()) as ConverseResponse;
    expect(body.output.message.content[0]?.text).toMatch(/: alpha\.$/);
  });
});

describe('bedrock InvokeModel embeddings', () => {
  it('embeds a batch with Cohere Embed and counts the input tokens in a header', async () => {
    const res = await call(`/model/${encodeURIComponent('cohere.embed-english-v3')}/invoke`, {
      texts: ['alpha bravo', 'charlie'],
      input_type: 'search_document',
    });
    expect(res.status).toBe(200);
    expect(Number(res.headers.get('x-amzn-bedrock-input-token-count'))).toBeGreaterThan(0);
    const body = (await res.json()) as { embeddings: number[][]; response_type: string; texts: string[] };
    expect(body.response_type).toBe('embeddings_floats');
    expect(body.embeddings.map((e) => e.length)).toEqual([1024, 1024]);
  });

  it('embeds one text with Titan V2 at the asked dimensions, and refuses what the models refuse', async () => {
    const titan = `/model/${encodeURIComponent('amazon.titan-embed-text-v2:0')}/invoke`;
    const res = await call(titan, { inputText: 'alpha', dimensions: 256 });
    const body = (await res.json()) as { embedding: number[]; inputTextTokenCount: number };
    expect(body.embedding).toHaveLength(256);
    expect(body.inputTextTokenCount).toBeGreaterThan(0);
    expect((await call(titan, { inputText: 'alpha', dimensions: 300 })).status).toBe(400);
    const noType = await call(`/model/${encodeURIComponent('cohere.embed-english-v3')}/invoke`, { texts: ['x'] });
    expect(noType.status).toBe(400);
    expect(noType.headers.get('x-amzn-errortype')).toMatch(/^ValidationException:/);
  });
});

describe('Bedrock CountTokens', () => {
  it('answers {inputTokens}, the prompt tokens a Converse call with the same input reports', async () => {
    const body = user('count these words', { system: [{ text: 'be brief' }] });
    const converse = (await (await call(`/model/${MODEL}/converse`, body)).json()) as ConverseResponse;
    const res = await call(`/model/${MODEL}/count-tokens`, { input: { converse: body } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ inputTokens: converse.usage.inputTokens });
  });

  it('refuses a body without input.converse, and injects faults', async () => {
    const bad = await call(`/model/${MODEL}/count-tokens`, user('x'));
    expect(bad.status).toBe(400);
    expect(bad.headers.get('x-amzn-errortype')).toContain('ValidationException');
    const limited = await call(`/model/${MODEL}/count-tokens`, { input: { converse: user('x') } }, { 'x-mock-status': '429' });
    expect(limited.status).toBe(429);
  });
});
