import { ApiError } from '@switchyard/api-errors';
import { ChatResponse, ChatRole, FinishReason } from '@switchyard/contracts';
import { renderResponse } from './render-response';
import type { StoredResponse, ResponseStore } from './stored-response';
import { StoredResponses } from './stored-responses';

class MemoryStore implements ResponseStore {
  readonly records = new Map<string, StoredResponse>();
  /** Tenants pinned where this store is not; `down` makes every command fail as an unreachable Redis does. */
  readonly elsewhere = new Set<string>();
  down = false;
  accepts(tenantId: string): boolean {
    return !this.elsewhere.has(tenantId);
  }
  async save(record: StoredResponse): Promise<void> {
    this.records.set(`${record.tenantId}:${record.response.id}`, record);
  }
  async load(tenantId: string, id: string): Promise<StoredResponse | undefined> {
    if (this.down) throw new Error('connect ECONNREFUSED 127.0.0.1:16379');
    return this.records.get(`${tenantId}:${id}`);
  }
  async delete(tenantId: string, id: string): Promise<boolean> {
    return this.records.delete(`${tenantId}:${id}`);
  }
}

const callAnswer = ChatResponse.fromPartial({
  model: 'gpt-4o-mini',
  choices: [
    {
      index: 0,
      toolCalls: [{ id: 'call_1', name: 'get_weather', argumentsJson: '{"city":"Paris"}' }],
      finishReason: FinishReason.FINISH_REASON_TOOL_CALLS,
    },
  ],
});

async function errorOf(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected an ApiError');
}

describe('StoredResponses', () => {
  const identity = (text: string): string => text;

  async function firstTurn(store: MemoryStore, stored = true): Promise<StoredResponses> {
    const responses = new StoredResponses(store);
    const parsed = await responses.parse('ten_a', { model: 'm', instructions: 'Be brief.', input: 'Weather in Paris?', store: stored });
    await responses.keep('ten_a', parsed, parsed.request, renderResponse(parsed, callAnswer, 'resp_1'), identity);
    return responses;
  }

  it('keeps the input without the instructions, then continues the conversation with input and output as history', async () => {
    const store = new MemoryStore();
    const responses = await firstTurn(store);
    const record = await store.load('ten_a', 'resp_1');
    expect(record?.response.store).toBe(true);
    expect(record?.inputItems).toEqual([
      { id: 'msg_1_in0', type: 'message', status: 'completed', role: 'user', content: [{ type: 'input_text', text: 'Weather in Paris?' }] },
    ]);

    const body = {
      model: 'm',
      previous_response_id: 'resp_1',
      input: [{ type: 'function_call_output', call_id: 'call_1', output: '18C' }],
    };
    const next = await responses.parse('ten_a', body);
    expect(next.previousResponseId).toBe('resp_1');
    expect(next.request.messages.map((m) => m.role)).toEqual([
      ChatRole.CHAT_ROLE_USER,
      ChatRole.CHAT_ROLE_ASSISTANT,
      ChatRole.CHAT_ROLE_TOOL,
    ]);
    expect(next.request.messages[1]?.toolCalls[0]).toMatchObject({ name: 'get_weather', argumentsJson: '{"city":"Paris"}' });
    expect(next.inputOffset).toBe(2);

    const answer = ChatResponse.fromPartial({
      model: 'm',
      choices: [{ index: 0, content: 'Mild.', finishReason: FinishReason.FINISH_REASON_STOP }],
    });
    await responses.keep('ten_a', next, next.request, renderResponse(next, answer, 'resp_2'), identity);
    const list = await responses.inputItems('ten_a', 'resp_2', { order: 'asc' });
    expect(list.data.map((i) => i.type)).toEqual(['message', 'function_call', 'function_call_output']);
    expect(list).toMatchObject({ object: 'list', first_id: 'msg_1_in0', last_id: 'fco_2_in0', has_more: false });
  });

  it('pages input items newest first by default, after a cursor', async () => {
    const store = new MemoryStore();
    const responses = new StoredResponses(store);
    const input = ['a', 'b', 'c'].map((text) => ({ role: 'user', content: text }));
    const parsed = await responses.parse('ten_a', { model: 'm', input });
    const answer = ChatResponse.fromPartial({
      model: 'm',
      choices: [{ index: 0, content: 'ok', finishReason: FinishReason.FINISH_REASON_STOP }],
    });
    await responses.keep('ten_a', parsed, parsed.request, renderResponse(parsed, answer, 'resp_9'), identity);
    const first = await responses.inputItems('ten_a', 'resp_9', { limit: '2' });
    expect(first.data.map((i) => i.id)).toEqual(['msg_9_in2', 'msg_9_in1']);
    expect(first.has_more).toBe(true);
    const rest = await responses.inputItems('ten_a', 'resp_9', { limit: '2', after: first.last_id });
    expect(rest.data.map((i) => i.id)).toEqual(['msg_9_in0']);
    expect(rest.has_more).toBe(false);
    expect((await errorOf(responses.inputItems('ten_a', 'resp_9', { limit: '0' }))).param).toBe('limit');
    expect((await errorOf(responses.inputItems('ten_a', 'resp_9', { order: 'up' }))).param).toBe('order');
  });

  it("answers another tenant's id and an unknown id with a 404, naming previous_response_id where it was one", async () => {
    const store = new MemoryStore();
    const responses = await firstTurn(store);
    const retrieve = await errorOf(responses.retrieve('ten_b', 'resp_1'));
    expect(retrieve).toMatchObject({ status: 404, type: 'invalid_request_error', param: null });
    const previous = await errorOf(responses.parse('ten_b', { model: 'm', input: 'x', previous_response_id: 'resp_1' }));
    expect(previous).toMatchObject({ status: 404, param: 'previous_response_id', code: 'previous_response_not_found' });
    expect((await errorOf(responses.delete('ten_a', 'resp_x'))).status).toBe(404);
  });

  it('deletes with OpenAI deletion object, and keeps nothing under store: false', async () => {
    const store = new MemoryStore();
    const responses = await firstTurn(store);
    expect(await responses.delete('ten_a', 'resp_1')).toEqual({ id: 'resp_1', object: 'response', deleted: true });
    expect((await errorOf(responses.retrieve('ten_a', 'resp_1'))).status).toBe(404);
    await firstTurn(store, false);
    expect(store.records.size).toBe(0);
  });

  it('keeps every text through the redaction it is given', async () => {
    const store = new MemoryStore();
    const responses = new StoredResponses(store);
    const parsed = await responses.parse('ten_a', { model: 'm', input: 'mail ann@example.com' });
    const redact = (text: string): string => text.replace(/\S+@\S+/g, '<EMAIL_1>');
    const answer = ChatResponse.fromPartial({
      model: 'm',
      choices: [{ index: 0, content: 'wrote ann@example.com', finishReason: FinishReason.FINISH_REASON_STOP }],
    });
    await responses.keep('ten_a', parsed, parsed.request, renderResponse(parsed, answer, 'resp_3'), redact);
    expect(JSON.stringify(await store.load('ten_a', 'resp_3'))).not.toContain('ann@example.com');
  });

  it('refuses store: true for a tenant no store may keep, before anything is served; store: false still parses', async () => {
    const store = new MemoryStore();
    store.elsewhere.add('ten_eu');
    const responses = new StoredResponses(store);
    const refused = await errorOf(responses.parse('ten_eu', { model: 'm', input: 'hi' }));
    expect(refused).toMatchObject({ status: 400, param: 'store', code: 'store_unavailable_in_region' });
    expect((await responses.parse('ten_eu', { model: 'm', input: 'hi', store: false })).store).toBe(false);
  });

  it('answers a store that is away with a 503 in the OpenAI shape, not the connection error', async () => {
    const store = new MemoryStore();
    const responses = await firstTurn(store);
    store.down = true;
    const error = await errorOf(responses.retrieve('ten_a', 'resp_1'));
    expect(error).toMatchObject({ status: 503, type: 'server_error', code: 'response_store_unavailable' });
    expect(error.message).not.toContain('ECONNREFUSED');
    expect((await errorOf(responses.parse('ten_a', { model: 'm', input: 'x', previous_response_id: 'resp_1' }))).status).toBe(503);
  });
});
