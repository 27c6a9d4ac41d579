import { credentials, Metadata, ServiceError, status } from '@grpc/grpc-js';
import {
  ChatRequest,
  ChatRole,
  GatewayChatResponse,
  GatewayChatStreamEvent,
  GatewayClient,
  ModerationRequest,
  ModerationResponse,
  TokenCount,
} from '@switchyard/contracts';
import { randomUUID } from 'node:crypto';
import { TestStack } from './test-stack';

interface ErrorBody {
  error: { message: string; code: string | null; param: string | null };
}

interface RequestRowView {
  request_id: string;
  api_surface: string;
  http_status: number;
  ttft_ms: number;
  stream: number;
}

/**
 * The public gRPC Gateway is served by the same pipeline as REST: the same
 * validation with the same messages, the same request events, the same
 * first-token rule. Each case asks REST and gRPC the same thing.
 */
describe('the gRPC Gateway applies the REST serving path', () => {
  let t: TestStack;
  let key = '';
  let grpc: GatewayClient;

  beforeAll(async () => {
    t = await TestStack.start({ services: ['provider-adapters', 'router', 'ingress', 'metering'] });
    await t.seeder.credential('cred-grpc-moderation', 'openai', 'sk-mock');
    await t.seeder.deployment({
      id: 'grpc-moderation',
      model: 'omni-moderation-latest',
      provider: 'openai',
      baseUrl: `${t.mock.url}/d/grpc-moderation/v1`,
      credentialId: 'cred-grpc-moderation',
      capabilities: { chat: false, streaming: false, vision: false, tools: false, jsonMode: false, embeddings: false, moderation: true },
    });
    key = (await t.tenantWithModel('ten_grpc')).plaintext;
    grpc = new GatewayClient(t.stack.service('ingress').grpcAddress, credentials.createInsecure());
  });

  afterAll(async () => {
    grpc?.close();
    await t?.stop();
  });

  const metadata = (requestId: string): Metadata => {
    const md = new Metadata();
    md.set('authorization', `Bearer ${key}`);
    md.set('x-request-id', requestId);
    return md;
  };
  const newId = (): string => `req_${randomUUID().replace(/-/g, '')}`;
  const unified = (text: string, extra: Partial<ChatRequest> = {}): ChatRequest =>
    ChatRequest.fromPartial({
      model: 'gpt-4o-mini',
      messages: [{ role: ChatRole.CHAT_ROLE_USER, content: [{ part: { $case: 'text', text } }] }],
      ...extra,
    });
  const rest = (body: Record<string, unknown>, requestId: string) =>
    fetch(`${t.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'x-request-id': requestId },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }], ...body }),
    });
  const grpcChat = (request: ChatRequest, requestId: string): Promise<GatewayChatResponse> =>
    new Promise((resolve, reject) => grpc.chatComplete(request, metadata(requestId), (e, r) => (e ? reject(e) : resolve(r))));
  const grpcStream = async (request: ChatRequest, requestId: string): Promise<GatewayChatStreamEvent[]> => {
    const events: GatewayChatStreamEvent[] = [];
    for await (const e of grpc.chatCompleteStream(request, metadata(requestId))) events.push(e as GatewayChatStreamEvent);
    return events;
  };
  const grpcFailure = async (call: Promise<unknown>): Promise<ServiceError> => {
    const outcome = await call.then(
      () => undefined,
      (e: unknown) => e as ServiceError,
    );
    if (!outcome) throw new Error('the gRPC call succeeded');
    return outcome;
  };
  const rows = (ids: string[], done: (r: RequestRowView[]) => boolean) =>
    t.eventually<RequestRowView>(
      `SELECT request_id, api_surface, http_status, ttft_ms, stream FROM ${t.id}.request_events WHERE request_id IN (${ids.map((i) => `'${i}'`).join(',')})`,
      done,
    );

  it.each([
    ['temperature out of range', { temperature: 3 }, { temperature: 3 }],
    ['max_tokens below 1', { max_tokens: 0 }, { maxTokens: 0 }],
    ['top_p out of range', { top_p: 1.5 }, { topP: 1.5 }],
    ['presence_penalty out of range', { presence_penalty: -3 }, { presencePenalty: -3 }],
  ])('%s: INVALID_ARGUMENT with the message REST gives', async (_what, json, proto) => {
    const res = await rest(json, newId());
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    for (const call of [grpcChat(unified('x', proto), newId()), grpcStream(unified('x', proto), newId())]) {
      const error = await grpcFailure(call);
      expect(error.code).toBe(status.INVALID_ARGUMENT);
      expect(error.details).toBe(body.error.message);
      expect(error.metadata.get('x-switchyard-error-code')).toEqual([body.error.code]);
    }
  });

  it('records a refused gRPC request as REST records one', async () => {
    const [viaRest, viaGrpc] = [newId(), newId()];
    expect((await rest({ temperature: 3 }, viaRest)).status).toBe(400);
    await grpcFailure(grpcChat(unified('x', { temperature: 3 }), viaGrpc));
    const recorded = await rows([viaRest, viaGrpc], (r) => r.length === 2);
    expect(recorded.map((r) => [r.api_surface, r.http_status]).sort()).toEqual([
      ['grpc', 400],
      ['openai', 400],
    ]);
  });

  it('marks the first token at the first content, on gRPC as on REST', async () => {
    // The mock sends the role-only chunk at once and the first content a chunk delay later.
    const prompt = 'First token please [[mock:role_first,chunk_delay=700,words=3]]';
    const [viaRest, viaGrpc] = [newId(), newId()];
    const res = await rest({ messages: [{ role: 'user', content: prompt }], stream: true }, viaRest);
    expect(res.status).toBe(200);
    await res.text();
    const events = await grpcStream(unified(prompt), viaGrpc);
    expect(events[0]?.chunk?.event?.$case === 'delta' && events[0].chunk.event.delta.content).toBe('');
    expect(events[0]?.requestId).toBe(viaGrpc);
    const recorded = await rows([viaRest, viaGrpc], (r) => r.length === 2);
    for (const row of recorded)
      expect({ surface: row.api_surface, firstTokenLate: row.ttft_ms >= 600 }).toEqual({ surface: row.api_surface, firstTokenLate: true });
  });

  it('still answers a valid request on both RPCs, naming the deployment', async () => {
    const done = await grpcChat(unified('Hello over gRPC', { temperature: 0.5, maxTokens: 20 }), newId());
    expect(done.deploymentId).toBe('ten_grpc-gpt-4o-mini');
    expect(done.response?.choices[0]?.content).toMatch(/^Mock reply from gpt-4o-mini/);
    const events = await grpcStream(unified('Stream over gRPC'), newId());
    expect(events[0]?.deploymentId).toBe('ten_grpc-gpt-4o-mini');
    expect(events.map((e) => (e.chunk?.event?.$case === 'delta' ? e.chunk.event.delta.content : '')).join('')).toMatch(/^Mock reply/);
  });

  const unary = <Req, Res>(
    call: (request: Req, md: Metadata, done: (e: ServiceError | null, r: Res) => void) => unknown,
    request: Req,
  ): Promise<Res> => new Promise((resolve, reject) => call.call(grpc, request, metadata(newId()), (e, r) => (e ? reject(e) : resolve(r))));
  const moderate = (request: ModerationRequest) => unary<ModerationRequest, ModerationResponse>(grpc.moderate, request);
  const countTokens = (request: ChatRequest) => unary<ChatRequest, TokenCount>(grpc.countTokens, request);
  const restJson = (path: string, body: unknown, auth: Record<string, string>) =>
    fetch(`${t.stack.service('ingress').url}${path}`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('Moderate answers as POST /v1/moderations does, on the default moderation model, and refuses what REST refuses', async () => {
    const res = await restJson('/v1/moderations', { input: 'I will attack you' }, { authorization: `Bearer ${key}` });
    expect(res.status).toBe(200);
    const viaRest = (await res.json()) as { model: string; results: { flagged: boolean; categories: Record<string, boolean> }[] };
    const viaGrpc = await moderate(
      ModerationRequest.fromPartial({ inputs: [{ parts: [{ part: { $case: 'text', text: 'I will attack you' } }] }] }),
    );
    expect(viaGrpc.model).toBe(viaRest.model);
    expect(viaGrpc.results.map((r) => r.flagged)).toEqual(viaRest.results.map((r) => r.flagged));
    expect(viaGrpc.results[0]?.categories.find((c) => c.name === 'violence')?.flagged).toBe(true);

    const refused = await restJson('/v1/moderations', { input: [] }, { authorization: `Bearer ${key}` });
    expect(refused.status).toBe(400);
    const error = await grpcFailure(moderate(ModerationRequest.fromPartial({ inputs: [] })));
    expect(error.code).toBe(status.INVALID_ARGUMENT);
    expect(error.metadata.get('x-switchyard-error-type')).toEqual(['invalid_request_error']);
  });

  it('CountTokens counts as POST /v1/messages/count_tokens does, and says when it estimated', async () => {
    const prompt = 'How many tokens does this prompt take over gRPC?';
    const res = await restJson(
      '/v1/messages/count_tokens',
      { model: 'gpt-4o-mini', messages: [{ role: 'user', content: prompt }] },
      { 'x-api-key': key, 'anthropic-version': '2023-06-01' },
    );
    expect(res.status).toBe(200);
    const viaRest = (await res.json()) as { input_tokens: number };
    const viaGrpc = await countTokens(unified(prompt));
    expect(viaGrpc.inputTokens).toBe(viaRest.input_tokens);
    // gpt-4o-mini is on the openai family, which has no counter: Switchyard's tokenizer counted.
    expect(viaGrpc.estimated).toBe(res.headers.get('x-switchyard-usage-estimated') === 'true');
    expect(viaGrpc.estimated).toBe(true);
    const error = await grpcFailure(countTokens(unified('x', { model: 'no-such-model' })));
    expect(error.code).toBe(status.NOT_FOUND);
  });
});
