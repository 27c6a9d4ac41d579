import { Capabilities } from '@switchyard/contracts';
import { endpointsServed } from './model-endpoints';

describe('endpointsServed', () => {
  const caps = (c: Partial<Capabilities>) => Capabilities.fromPartial(c);
  const chat = ['/v1/chat/completions', '/v1/responses', '/v1/messages', '/v1/messages/count_tokens'];

  it('opens the chat surfaces and token counting for a chat deployment', () => {
    expect(endpointsServed([caps({ chat: true, streaming: true, tools: true })])).toEqual(chat);
  });

  it('opens only /v1/embeddings for an embedding deployment, and only /v1/moderations for a moderation one', () => {
    expect(endpointsServed([caps({ embeddings: true })])).toEqual(['/v1/embeddings']);
    expect(endpointsServed([caps({ moderation: true })])).toEqual(['/v1/moderations']);
  });

  it('is the union over deployments, each path once, in a stable order', () => {
    const served = endpointsServed([caps({ moderation: true }), caps({ chat: true }), undefined, caps({ chat: true, embeddings: true })]);
    expect(served).toEqual([...chat, '/v1/embeddings', '/v1/moderations']);
  });

  it('is empty for no deployment or no capability that opens an endpoint', () => {
    expect(endpointsServed([])).toEqual([]);
    expect(endpointsServed([caps({ streaming: true, vision: true })])).toEqual([]);
  });
});
