import { ErrorClass } from '@switchyard/contracts';
import { chat, context, deployment, e, stateWith, TEST_SETTINGS } from '../../test/fixtures';
import { FakePort } from '../../test/fake-port';
import { createRouting, Routing } from '../routing';

const moderation = {
  chat: false,
  streaming: false,
  vision: false,
  tools: false,
  jsonMode: false,
  embeddings: false,
  moderation: true,
  transcription: false,
  imageGeneration: false,
  speech: false,
};
const moderate = (model: string) => ({ model, inputs: [{ parts: [{ part: { $case: 'text' as const, text: 'hello' } }] }], endUser: '' });

describe('one-shot routes: moderations and token counts', () => {
  let routing: Routing;
  afterEach(() => routing?.shutdown());

  it('routes a moderation only to moderation deployments, failing over between them', async () => {
    const port = new FakePort();
    routing = createRouting(
      stateWith(
        e.deployment(deployment('m1', { model: 'mod', capabilities: moderation })),
        e.deployment(deployment('m2', { model: 'mod', capabilities: moderation })),
        e.deployment(deployment('chat-a', { model: 'chatty' })),
      ),
      port,
      TEST_SETTINGS,
    );
    port.set('m1', { error: ErrorClass.ERROR_CLASS_UPSTREAM_5XX });
    const res = await routing.executor.moderate({ context: context(), request: moderate('mod') });
    expect(res.outcome?.$case).toBe('response');
    expect(res.trace?.attemptRecords.map((a) => a.deploymentId)).toEqual(['m1', 'm2']);

    const onChat = await routing.executor.moderate({ context: context(), request: moderate('chatty') });
    expect(onChat.outcome?.$case).toBe('error');
    expect(port.moderateCalls.map((c) => c.target.deploymentId)).toEqual(['m1', 'm2']);
  });

  it('routes a token count like the chat request it would be, and never to a moderation model', async () => {
    const port = new FakePort();
    routing = createRouting(
      stateWith(
        e.deployment(deployment('chat-a', { model: 'chatty' })),
        e.deployment(deployment('m1', { model: 'mod', capabilities: moderation })),
      ),
      port,
      TEST_SETTINGS,
    );
    const res = await routing.executor.countTokens({ context: context(), request: chat('chatty') });
    expect(res.outcome).toMatchObject({ $case: 'response', response: { inputTokens: 42 } });
    expect(res.trace?.deploymentId).toBe('chat-a');
    const onModeration = await routing.executor.countTokens({ context: context(), request: chat('mod') });
    expect(onModeration.outcome?.$case).toBe('error');
    expect(port.countCalls).toHaveLength(1);
  });

  it('routes an image generation only to image deployments', async () => {
    const port = new FakePort();
    const image = { ...moderation, moderation: false, transcription: false, imageGeneration: true, speech: false };
    routing = createRouting(
      stateWith(
        e.deployment(deployment('img-a', { model: 'dall-e-3', capabilities: image })),
        e.deployment(deployment('chat-a', { model: 'chatty' })),
      ),
      port,
      TEST_SETTINGS,
    );
    const request = { model: 'dall-e-3', prompt: 'a fox', n: 1, size: '', quality: '', responseFormat: '', style: '', endUser: '' };
    const res = await routing.executor.generateImage({ context: context(), request });
    expect(res.outcome).toMatchObject({ $case: 'response', response: { data: [{ image: { $case: 'url' } }] } });
    expect(res.trace?.deploymentId).toBe('img-a');
    const onChat = await routing.executor.generateImage({ context: context(), request: { ...request, model: 'chatty' } });
    expect(onChat.outcome?.$case).toBe('error');
    expect(port.imageCalls.map((c) => c.target.deploymentId)).toEqual(['img-a']);
  });
});
