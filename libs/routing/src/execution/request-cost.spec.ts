import { ChatStreamEvent, EmbeddingsRequest, ErrorClass } from '@switchyard/contracts';
import type { RoutedChatStreamEvent } from '@switchyard/contracts';
import { chat, context, deployment, e, stateWith, TEST_SETTINGS } from '../../test/fixtures';
import { FakePort } from '../../test/fake-port';
import { createRouting, Routing } from '../routing';
import { RequestCost, UsageHold } from './request-cost';
import { CHAT_STREAM } from './stream-shapes';

const primary = deployment('primary');
const backup = deployment('backup');
const embedder = deployment('embedder', {
  capabilities: {
    chat: false,
    streaming: false,
    vision: false,
    tools: false,
    jsonMode: false,
    embeddings: true,
    moderation: false,
    transcription: false,
    imageGeneration: false,
    speech: false,
  },
});

function setup(port: FakePort): Routing {
  return createRouting(
    stateWith(
      e.deployment(primary),
      e.deployment(backup),
      e.deployment(embedder),
      e.alias({ id: 'chat-default', chain: ['primary', 'backup'] }),
    ),
    port,
    TEST_SETTINGS,
  );
}

describe("a request's cost is the sum of its attempts' costs", () => {
  let routing: Routing;
  afterEach(() => routing?.shutdown());

  it('adds up the failed and the answering attempt of a failover, as provider-adapters priced them', async () => {
    const port = new FakePort();
    port.set('primary', { error: ErrorClass.ERROR_CLASS_UPSTREAM_5XX, status: 503, cost: { microUsd: 1, nanoUsd: 1_200 } });
    port.set('backup', { cost: { microUsd: 4, nanoUsd: 3_600 } });
    routing = setup(port);
    const res = await routing.executor.chat({ context: context(), request: chat('chat-default') });
    expect(res.outcome?.$case === 'response' && res.outcome.response.usage?.cost).toEqual({ microUsd: 5, nanoUsd: 4_800 });
  });

  it('leaves the cost out when no attempt was priced (an unpriced deployment)', async () => {
    const port = new FakePort();
    routing = setup(port);
    const res = await routing.executor.chat({ context: context(), request: chat('primary') });
    expect(res.outcome?.$case === 'response' && res.outcome.response.usage?.cost).toBeUndefined();
  });

  it("streams: the usage event goes out last, with the attempt's cost that follows the stream's last chunk", async () => {
    const port = new FakePort();
    port.set('backup', { cost: { microUsd: 2, nanoUsd: 2_050 } });
    routing = setup(port);
    const events: RoutedChatStreamEvent[] = [];
    for await (const ev of routing.executor.chatStream(
      { context: context(), request: chat('backup', { stream: true }) },
      new AbortController().signal,
    ))
      events.push(ev);
    const chunks = events.flatMap((ev) => (ev.event?.$case === 'chunk' ? [ev.event.chunk.event] : []));
    const last = chunks[chunks.length - 1];
    expect(last?.$case === 'usage' && last.usage).toMatchObject({
      inputTokens: 10,
      outputTokens: 3,
      cost: { microUsd: 2, nanoUsd: 2_050 },
    });
  });

  it('embeddings: the usage of the answer carries the cost', async () => {
    const port = new FakePort();
    port.set('embedder', { cost: { microUsd: 0, nanoUsd: 100 } });
    routing = setup(port);
    const res = await routing.executor.embed({
      context: context(),
      request: EmbeddingsRequest.fromPartial({ model: 'embedder', inputs: ['hello'] }),
    });
    expect(res.outcome?.$case === 'response' && res.outcome.response.usage?.cost).toEqual({ microUsd: 0, nanoUsd: 100 });
  });
});

describe('UsageHold', () => {
  it('holds the usage event and what follows it, in order, and stamps the cost on release', () => {
    const hold = new UsageHold(CHAT_STREAM.usageOf);
    const cost = new RequestCost();
    const delta = ChatStreamEvent.fromPartial({ event: { $case: 'delta', delta: { content: 'hi' } } });
    const usage = ChatStreamEvent.fromPartial({ event: { $case: 'usage', usage: { inputTokens: 1 } } });
    const after = ChatStreamEvent.fromPartial({ event: { $case: 'delta', delta: { content: '!' } } });
    expect([hold.hold(delta), hold.hold(usage), hold.hold(after)]).toEqual([false, true, true]);
    cost.add({ microUsd: 3, nanoUsd: 3_000 });
    expect(hold.release(cost)).toEqual([usage, after]);
    expect(usage.event?.$case === 'usage' && usage.event.usage.cost).toEqual({ microUsd: 3, nanoUsd: 3_000 });
    expect(hold.release(cost)).toEqual([]);
  });
});
