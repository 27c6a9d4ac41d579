import { ChatRequest, ChatRole, ChatStreamEvent, PiiMode, PiiPolicy, RequestContext } from '@switchyard/contracts';
import { EndUserPseudonyms } from '../pseudonym/end-user-pseudonyms';
import { PiiGuard } from './pii-guard';

const request = ChatRequest.fromPartial({
  model: 'm',
  endUser: 'jane@example.com',
  metadata: { customer: 'IBAN DE89370400440532013000' },
  messages: [
    { role: ChatRole.CHAT_ROLE_SYSTEM, content: [{ part: { $case: 'text', text: 'Support for jane@example.com' } }] },
    { role: ChatRole.CHAT_ROLE_USER, content: [{ part: { $case: 'text', text: 'My SSN is 123-45-6789, mail jane@example.com' } }] },
    { role: ChatRole.CHAT_ROLE_ASSISTANT, toolCalls: [{ id: 't1', name: 'lookup', argumentsJson: '{"ip":"10.1.2.3"}' }] },
  ],
});

const policy = (mode: PiiMode, restoreResponses = true) => PiiPolicy.fromPartial({ mode, restoreResponses });

function texts(r: ChatRequest): string {
  return JSON.stringify(ChatRequest.toJSON(r));
}

describe('PiiGuard', () => {
  it('does nothing without a policy', () => {
    expect(PiiGuard.for(PiiPolicy.fromPartial({}))).toBe(PiiGuard.OFF);
    const guard = PiiGuard.for(undefined);
    expect(guard.active).toBe(false);
    expect(guard.chatRequest(request)).toBe(request);
    expect(guard.forRecord('jane@example.com')).toBe('jane@example.com');
  });

  it('RECORDS mode redacts what is recorded but sends the prompt as is', () => {
    const guard = new PiiGuard(policy(PiiMode.PII_MODE_RECORDS));
    expect(guard.chatRequest(request)).toBe(request);
    expect(guard.forRecord('bad input from jane@example.com')).toBe('bad input from <EMAIL_1>');
  });

  it('PROVIDER mode redacts every text the provider would see, consistently', () => {
    const guard = new PiiGuard(policy(PiiMode.PII_MODE_PROVIDER));
    const out = texts(guard.chatRequest(request));
    for (const pii of ['jane@example.com', '123-45-6789', '10.1.2.3', 'DE89370400440532013000']) expect(out).not.toContain(pii);
    // System and user prompt; `user` gets the end-user pseudonym, not a placeholder (see "end users").
    expect(out.match(/<EMAIL_1>/g)).toHaveLength(2);
    expect(out).toContain('<SSN_1>');
    expect(texts(request)).toContain('jane@example.com'); // the caller's object is left alone
  });

  it('restores placeholders in the answer, streamed or not, when the policy says so', () => {
    const guard = new PiiGuard(policy(PiiMode.PII_MODE_PROVIDER));
    guard.chatRequest(request);
    const answer = guard.chatResponse({
      id: '',
      createdUnix: 0,
      model: 'm',
      systemFingerprint: '',
      usage: undefined,
      choices: [{ index: 0, content: 'Sent to <EMAIL_1>', hasContent: true, toolCalls: [], finishReason: 0 as never, refusal: '' }],
    });
    expect(answer.choices[0]?.content).toBe('Sent to jane@example.com');

    const delta = (content: string) => ChatStreamEvent.fromPartial({ event: { $case: 'delta', delta: { content } } });
    const out = [
      delta('Sent to <EMA'),
      delta('IL_1'),
      ChatStreamEvent.fromPartial({ event: { $case: 'finish', finish: { choiceIndex: 0 } } }),
    ].flatMap((e) => guard.streamEvent(e));
    const streamed = out.map((e) => (e.event?.$case === 'delta' ? e.event.delta.content : `[${e.event?.$case}]`)).join('');
    expect(streamed).toBe('Sent to <EMAIL_1[finish]');
  });

  it('keeps placeholders in the answer when restoring is off', () => {
    const guard = new PiiGuard(policy(PiiMode.PII_MODE_PROVIDER, false));
    guard.chatRequest(request);
    const ev = ChatStreamEvent.fromPartial({ event: { $case: 'delta', delta: { content: '<EMAIL_1>' } } });
    expect(guard.streamEvent(ev)).toEqual([ev]);
  });

  describe('end users', () => {
    const pseudonym = new EndUserPseudonyms(Buffer.alloc(32, 1)).forTenant('ten_a');
    const identify = (guard: PiiGuard, endUser: string) => {
      const context = RequestContext.fromPartial({ tenantId: 'ten_a' });
      guard.identifyEndUser(context, endUser);
      return context;
    };

    it('without a policy: recorded as sent, with the pseudonym alongside', () => {
      const context = identify(PiiGuard.for(undefined, pseudonym), 'jane@example.com');
      expect(context).toMatchObject({ endUser: 'jane@example.com', endUserPseudonym: pseudonym('jane@example.com') });
    });

    it.each([PiiMode.PII_MODE_RECORDS, PiiMode.PII_MODE_PROVIDER])(
      'mode %s: the pseudonym, distinct per user, same as with PII off',
      (mode) => {
        const guard = PiiGuard.for(policy(mode), pseudonym);
        const jane = identify(guard, 'jane@example.com');
        const john = identify(guard, 'john@example.com');
        expect(jane.endUser).toBe(pseudonym('jane@example.com'));
        expect(jane.endUser).not.toBe(john.endUser);
        expect(jane.endUserPseudonym).toBe(identify(PiiGuard.for(undefined, pseudonym), 'jane@example.com').endUserPseudonym);
        expect(JSON.stringify(jane)).not.toContain('jane');
      },
    );

    it('PROVIDER mode sends the pseudonym as `user`, RECORDS mode the id as sent', () => {
      expect(PiiGuard.for(policy(PiiMode.PII_MODE_PROVIDER), pseudonym).chatRequest(request).endUser).toBe(pseudonym('jane@example.com'));
      expect(PiiGuard.for(policy(PiiMode.PII_MODE_RECORDS), pseudonym).chatRequest(request).endUser).toBe('jane@example.com');
    });

    it('a guard without pseudonyms drops the id rather than sharing a placeholder', () => {
      expect(identify(new PiiGuard(policy(PiiMode.PII_MODE_RECORDS)), 'jane@example.com')).toMatchObject({
        endUser: '',
        endUserPseudonym: '',
      });
    });
  });
});
