import Anthropic from '@anthropic-ai/sdk';
import { credentials, Metadata } from '@grpc/grpc-js';
import {
  ChatRequest,
  ChatRole,
  GatewayChatResponse,
  GatewayChatStreamEvent,
  GatewayClient,
  GatewayListModelsResponse,
} from '@switchyard/contracts';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import OpenAI from 'openai';
import type { UsageExpectation } from './conformance/check';
import { errorProbes } from './conformance/error-probes';
import { claimed, ENDPOINT_COLUMN_CAPABILITY } from './conformance/endpoint-families';
import { endpointProbes } from './conformance/endpoint-probes';
import { FAMILY_SETUPS, modelsOf } from './conformance/families';
import { Cell, extractMatrix, FAMILIES, normalize, renderMatrix, Results } from './conformance/matrix';
import * as messages from './conformance/messages-probes';
import { anthropicFirstChunk, openAiFirstChunk } from './conformance/no-buffering-probes';
import * as probes from './conformance/openai-probes';
import { cellRecorder, startConformanceStack } from './conformance/suite-stack';
import { DOC, RUN_RESULTS } from './conformance/update-docs';
import type { TestStack } from './test-stack';

interface UsageRowView {
  request_id: string;
  status: string;
  usage_estimated: number;
  input_tokens: number;
  output_tokens: number;
}

/**
 * One conformance suite for every provider family, through the real gateway
 * (ingress -> router -> provider-adapters -> mock provider), with the official
 * openai client (and @anthropic-ai/sdk on /v1/messages). Every cell of the
 * feature matrix in docs/providers.md is what this suite observed.
 */
describe('provider conformance through ingress', () => {
  let t: TestStack;
  let openai: OpenAI;
  let anthropic: Anthropic;
  let apiKey = '';
  const results: Results = {};
  const usage: UsageExpectation[] = [];
  const expectUsage = (e: UsageExpectation): void => void usage.push(e);

  const cell = cellRecorder(results);

  beforeAll(async () => {
    ({ t, openai, anthropic, apiKey } = await startConformanceStack());
  });

  afterAll(() => t?.stop());

  const oai = () => ({ client: openai, expectUsage });
  const ant = () => ({ client: anthropic, expectUsage });

  describe.each(FAMILIES)('%s', (family) => {
    const m = modelsOf(family);
    const expected = FAMILY_SETUPS[family].expect;
    const feature = (column: string, probe: () => Promise<Cell>, outcome = 'pass') =>
      it(`${column}`, async () => expect((await cell('features', family, column, probe)).outcome).toBe(outcome));

    feature('chat', () => probes.chat(oai(), m.chat));
    feature('stream', () => probes.stream(oai(), m.chat));
    feature('tools', () => probes.tools(oai(), m.chat));
    feature('image', () => probes.image(oai(), m.chat));
    feature('json', () => probes.json(oai(), m.chat), expected.json);
    feature('embeddings', () => probes.embeddings(oai(), m.embed), expected.embeddings);
    feature('cached', () => probes.cachedTokens(oai(), m.chat), expected.cached);
    feature('reasoning', () => probes.reasoningTokens(oai(), m.chat), expected.reasoning);
    feature('no-buffering', () => openAiFirstChunk(openai, t.mock, m.chat, `hold-${family}`));

    for (const [errorClass, probe] of Object.entries(errorProbes)) {
      const outcome = errorClass === 'content_filter' ? expected.contentFilter : 'pass';
      it(`error ${errorClass}`, async () =>
        expect((await cell('errors', family, errorClass, () => probe(oai(), m))).outcome).toBe(outcome));
    }

    it('/v1/messages message', async () =>
      expect((await cell('messages', family, 'chat', () => messages.message(ant(), m.chat))).outcome).toBe('pass'));
    it('/v1/messages stream', async () =>
      expect((await cell('messages', family, 'stream', () => messages.stream(ant(), m.chat))).outcome).toBe('pass'));
    it('/v1/messages tools', async () =>
      expect((await cell('messages', family, 'tools', () => messages.tools(ant(), m.chat))).outcome).toBe('pass'));
    it('/v1/messages image', async () =>
      expect((await cell('messages', family, 'image', () => messages.image(ant(), m.chat))).outcome).toBe('pass'));
    it('/v1/messages error shape', async () =>
      expect((await cell('messages', family, 'error', () => messages.errorShape(ant(), m.chat))).outcome).toBe('pass'));

    // Every chat family serves responses and token counting; the rest is served where the capability sheet claims it.
    for (const [column, probe] of Object.entries(endpointProbes)) {
      const capability = ENDPOINT_COLUMN_CAPABILITY[column];
      it(`endpoint ${column}`, async () =>
        expect((await cell('endpoints', family, column, () => probe({ openai, anthropic }, family, m.chat))).outcome).toBe(
          capability ? claimed(family, capability) : 'pass',
        ));
    }
  });

  it('/v1/messages streams are not buffered either (anthropic family)', async () => {
    expect((await anthropicFirstChunk(anthropic, t.mock, modelsOf('anthropic').chat, 'hold-messages-anthropic')).outcome).toBe('pass');
  });

  describe("errors on the Anthropic surface keep their status and take Anthropic's shape", () => {
    const post = (body: string, headers: Record<string, string> = { 'x-api-key': apiKey }) =>
      fetch(`${t.stack.service('ingress').url}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', ...headers },
        body,
      });
    const expectAnthropicError = async (res: Response, status: number, type: string) => {
      expect(res.status).toBe(status);
      const body = (await res.json()) as { type: string; error: { type: string; message: string }; request_id?: string };
      expect(body).toEqual({ type: 'error', error: { type, message: expect.any(String) }, request_id: res.headers.get('x-request-id') });
      return body;
    };

    it('body that is not JSON (rejected before any handler) -> 400 invalid_request_error', async () => {
      await expectAnthropicError(await post('{"model": "x", "messages": ['), 400, 'invalid_request_error');
    });

    it('no x-api-key -> 401 authentication_error', async () => {
      await expectAnthropicError(
        await post(JSON.stringify({ model: 'conf-anthropic', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }), {}),
        401,
        'authentication_error',
      );
    });

    it('missing max_tokens and unknown models are named', async () => {
      const noMax = await expectAnthropicError(
        await post(JSON.stringify({ model: 'conf-anthropic', messages: [{ role: 'user', content: 'x' }] })),
        400,
        'invalid_request_error',
      );
      expect(noMax.error.message).toMatch(/max_tokens/);
      const unknown = await expectAnthropicError(
        await post(JSON.stringify({ model: 'no-such-model', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] })),
        404,
        'not_found_error',
      );
      expect(unknown.error.message).toMatch(/no-such-model/);
    });

    it('an upstream timeout -> 504 timeout_error, and a cut stream ends with an error event', async () => {
      const slow = await post(
        JSON.stringify({
          model: modelsOf('gemini').slow,
          max_tokens: 5,
          messages: [{ role: 'user', content: 'Slow [[mock:latency=4000]]' }],
        }),
      );
      await expectAnthropicError(slow, 504, 'timeout_error');
      const stream = anthropic.messages.stream({
        model: modelsOf('anthropic').chat,
        max_tokens: 256,
        messages: [{ role: 'user', content: 'Cut me off [[mock:cut=2]]' }],
      });
      let text = '';
      stream.on('text', (delta) => (text += delta));
      const error = await stream.finalMessage().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(text.length).toBeGreaterThan(0);
      expect(error).toBeInstanceOf(Anthropic.APIError);
      expect((error as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({
        type: 'error',
        error: { type: 'api_error', message: expect.stringMatching(/closed the stream|broke/) },
      });
    });
  });

  it('a stream whose provider reports no usage still ends with a usage chunk, marked estimated in the usage event', async () => {
    const { data, response } = await openai.chat.completions
      .create({
        model: 'conf-no-stream-usage',
        stream: true,
        stream_options: { include_usage: true },
        messages: [{ role: 'user', content: 'Count for me' }],
      })
      .withResponse();
    let counted: OpenAI.CompletionUsage | undefined;
    for await (const chunk of data) counted = chunk.usage ?? counted;
    expect(counted?.prompt_tokens).toBeGreaterThan(0);
    expect(counted?.completion_tokens).toBeGreaterThan(0);
    const upstream = t.mock.requests(200).filter((r) => r.deployment === 'no-usage');
    expect((upstream[upstream.length - 1]?.body as { stream_options?: unknown }).stream_options).toBeUndefined();
    expectUsage({
      requestId: response.headers.get('x-request-id') ?? '',
      what: 'stream without provider usage',
      status: 'ok',
      estimated: 1,
      inputTokens: counted!.prompt_tokens,
      outputTokens: counted!.completion_tokens,
    });
  });

  describe('the gRPC Gateway serves the same unified path', () => {
    let grpc: GatewayClient;
    const metadata = (): Metadata => {
      const md = new Metadata();
      md.set('authorization', `Bearer ${apiKey}`);
      return md;
    };
    const ask = (model: string, text: string) =>
      ChatRequest.fromPartial({ model, messages: [{ role: ChatRole.CHAT_ROLE_USER, content: [{ part: { $case: 'text', text } }] }] });
    beforeAll(() => (grpc = new GatewayClient(t.stack.service('ingress').grpcAddress, credentials.createInsecure())));
    afterAll(() => grpc?.close());

    it('ListModels lists the models the key may use, as GET /v1/models does', async () => {
      const rest = (await openai.models.list()).data.map((m) => m.id);
      expect(rest).toEqual(expect.arrayContaining(FAMILIES.map((f) => modelsOf(f).chat)));
      const listed = await new Promise<GatewayListModelsResponse>((resolve, reject) =>
        grpc.listModels({}, metadata(), (e, r) => (e ? reject(e) : resolve(r))),
      );
      expect(listed.models.map((m) => m.id)).toEqual(rest);
    });

    it('ChatComplete and ChatCompleteStream reach non-OpenAI families (bedrock, gemini)', async () => {
      const done = await new Promise<GatewayChatResponse>((resolve, reject) =>
        grpc.chatComplete(ask(modelsOf('bedrock').chat, 'Hello over gRPC'), metadata(), (e, r) => (e ? reject(e) : resolve(r))),
      );
      expect(done.deploymentId).toBe(modelsOf('bedrock').chat);
      expect(done.response?.choices[0]?.content).toMatch(/^Mock reply from anthropic\.claude/);
      expect(done.response?.usage?.inputTokens).toBeGreaterThan(0);
      const events: GatewayChatStreamEvent[] = [];
      for await (const e of grpc.chatCompleteStream(ask(modelsOf('gemini').chat, 'Stream over gRPC'), metadata()))
        events.push(e as GatewayChatStreamEvent);
      const text = events.map((e) => (e.chunk?.event?.$case === 'delta' ? e.chunk.event.delta.content : '')).join('');
      expect(text).toMatch(/^Mock reply from gemini-2\.5-flash/);
      expect(events.some((e) => e.chunk?.event?.$case === 'usage' && e.chunk.event.usage.outputTokens > 0)).toBe(true);
    });
  });

  it('usage events carry the provider usage, estimates and the error class of every attempt', async () => {
    const ids = usage.map((u) => `'${u.requestId}'`).join(',');
    const rows = await t.eventually<UsageRowView>(
      `SELECT request_id, status, usage_estimated, input_tokens, output_tokens FROM ${t.id}.usage_events WHERE request_id IN (${ids})`,
      // Every request's row, not a row count: a retried request has a row per attempt.
      (r) => usage.every((u) => r.some((row) => row.request_id === u.requestId)),
      60_000,
    );
    for (const e of usage) {
      const row = rows.find((r) => r.request_id === e.requestId);
      const seen = row && {
        status: row.status,
        usage_estimated: row.usage_estimated,
        ...(e.inputTokens !== undefined ? { input_tokens: row.input_tokens } : {}),
        ...(e.outputTokens !== undefined ? { output_tokens: row.output_tokens } : {}),
      };
      const want = {
        status: e.status,
        usage_estimated: e.estimated ?? 0,
        ...(e.inputTokens !== undefined ? { input_tokens: e.inputTokens } : {}),
        ...(e.outputTokens !== undefined ? { output_tokens: e.outputTokens } : {}),
      };
      expect({ what: e.what, ...seen }).toEqual({ what: e.what, ...want });
    }
    // Requests on the Anthropic surface are events like any other, marked with their surface.
    const surface = await t.eventually<{ endpoint: string; api_surface: string; http_status: number }>(
      `SELECT endpoint, api_surface, http_status FROM ${t.id}.request_events WHERE endpoint = 'messages'`,
      (r) => r.length >= FAMILIES.length * 5 && r.filter((x) => x.http_status === 429).length >= FAMILIES.length,
    );
    expect(surface.every((r) => r.api_surface === 'anthropic')).toBe(true);
    expect(surface.filter((r) => r.http_status === 429)).toHaveLength(FAMILIES.length);
  });

  it('docs/providers.md shows exactly what this run observed', () => {
    const normalized = normalize(results);
    mkdirSync(dirname(RUN_RESULTS), { recursive: true });
    writeFileSync(RUN_RESULTS, `${JSON.stringify(normalized, null, 2)}\n`);
    // On a mismatch: `npm run conformance:docs -w @switchyard/e2e` renders this run into the docs.
    expect(extractMatrix(readFileSync(DOC, 'utf8'))).toBe(renderMatrix(normalized));
  });
});
