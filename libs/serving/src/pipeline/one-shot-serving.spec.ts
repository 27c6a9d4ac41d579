import { ApiError } from '@switchyard/api-errors';
import { ChatRequest, ChatRole, ModerationRequest } from '@switchyard/contracts';
import { fakeServing } from '../../test/fake-router';
import type { Counted, Inbound, Moderated } from '../surfaces';
import { ServingPipeline } from './serving-pipeline';

const inbound = <Body>(key: string, body: Body): Inbound<Body> => ({
  admission: { credential: key, feature: undefined, requestId: 'req_1', apiSurface: 'openai', endUser: '', nowMs: Date.now() },
  body,
  bodyBytes: 10,
});
const moderation = ModerationRequest.fromPartial({ model: 'mod', inputs: [{ parts: [{ part: { $case: 'text', text: 'x' } }] }] });
const prompt = ChatRequest.fromPartial({
  model: 'm',
  messages: [{ role: ChatRole.CHAT_ROLE_USER, content: [{ part: { $case: 'text', text: 'hi' } }] }],
});

describe('serving pipeline: moderations and token counts', () => {
  it('routes a moderation and records it as a moderations request', async () => {
    const { deps, router, events, key } = fakeServing();
    const answered: Moderated[] = [];
    await new ServingPipeline(deps).moderate(inbound(key, moderation), { requestedModel: () => 'mod', parse: (b) => b }, (m) => {
      answered.push(m);
      return 1;
    });
    expect(router.moderations).toHaveLength(1);
    expect(answered[0]?.response.results[0]?.flagged).toBe(true);
    expect(events.map((e) => [e.endpoint, e.httpStatus])).toEqual([['moderations', 200]]);
  });

  it('marks an estimated count with x-switchyard-usage-estimated, and not an exact one', async () => {
    const { deps, router, key } = fakeServing();
    const counted: Counted[] = [];
    const serve = () =>
      new ServingPipeline(deps).countTokens(inbound(key, prompt), { requestedModel: () => 'm', parse: (b) => b }, (c) => {
        counted.push(c);
        return 1;
      });
    await serve();
    expect(counted[0]?.headers['x-switchyard-usage-estimated']).toBe('true');
    router.countAnswer = {
      outcome: { $case: 'response', response: { inputTokens: 9, estimated: false } },
      trace: router.countAnswer.trace,
    };
    await serve();
    expect(counted[1]?.count.inputTokens).toBe(9);
    expect(counted[1]?.headers['x-switchyard-usage-estimated']).toBeUndefined();
  });

  it('refuses a bad body before routing and records the refusal', async () => {
    const { deps, router, events, key } = fakeServing();
    const refuse = () => {
      throw ApiError.invalidRequest('bad', 'messages', 'invalid_value');
    };
    await expect(
      new ServingPipeline(deps).countTokens(inbound(key, {}), { requestedModel: () => 'm', parse: refuse }, () => 0),
    ).rejects.toMatchObject({
      status: 400,
    });
    expect(router.counts).toHaveLength(0);
    expect(events.map((e) => [e.endpoint, e.httpStatus])).toEqual([['messages.count_tokens', 400]]);
  });
});
