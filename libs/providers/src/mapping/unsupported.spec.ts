import { ChatRequest, ChatRole } from '@switchyard/contracts';
import { image, target, user } from '../test-support/fixtures';
import { argumentsObject } from './chat-content';
import { parseDataUrl } from './data-url';
import { checkLimits } from './unsupported';

describe('checkLimits', () => {
  const t = target('somefamily', { deploymentId: 'dep-1' });

  it('names the model, family, deployment and the missing feature', () => {
    const audio = ChatRequest.fromPartial({
      model: 'pub',
      messages: [{ role: ChatRole.CHAT_ROLE_USER, content: [{ part: { $case: 'audio', audio: { dataBase64: 'AA==', format: 'wav' } } }] }],
    });
    expect(checkLimits(audio, t, { family: 'x' })).toBe(
      "The model 'pub' is served by the somefamily provider family (deployment dep-1), which does not support audio input.",
    );
  });

  it('passes what the family can do', () => {
    const req = ChatRequest.fromPartial({ model: 'pub', messages: [user('hi'), image('data:image/png;base64,AA==')] });
    expect(checkLimits(req, t, { family: 'x', imageTypes: ['image/png'] })).toBeUndefined();
    expect(checkLimits(req, t, { family: 'x', imageTypes: ['image/jpeg'] })).toMatch(/image\/png/);
  });

  it('refuses tool-call arguments that are not a JSON object', () => {
    const req = ChatRequest.fromPartial({
      model: 'pub',
      messages: [{ role: ChatRole.CHAT_ROLE_ASSISTANT, toolCalls: [{ id: 'c1', name: 'f', argumentsJson: '[1,2]' }] }],
    });
    expect(checkLimits(req, t, { family: 'x', objectToolArguments: true })).toMatch(/not a JSON object.*c1/);
  });

  it('refuses tool results that answer no earlier call when the provider matches them by name', () => {
    const req = ChatRequest.fromPartial({
      model: 'pub',
      messages: [user('hi'), { role: ChatRole.CHAT_ROLE_TOOL, toolCallId: 'call_9', content: [{ part: { $case: 'text', text: 'x' } }] }],
    });
    expect(checkLimits(req, t, { family: 'x', namedToolResults: true })).toMatch(/answer no earlier tool call.*call_9/);
    expect(checkLimits(req, t, { family: 'x' })).toBeUndefined();
  });
});

describe('parseDataUrl / argumentsObject', () => {
  it('parses base64 data URLs with parameters', () => {
    expect(parseDataUrl('data:image/JPEG;name=a.jpg;base64,/9j/4A==')).toEqual({ mimeType: 'image/jpeg', base64: '/9j/4A==' });
    expect(parseDataUrl('data:text/plain,hello')).toBeUndefined();
    expect(parseDataUrl('https://x/y.png')).toBeUndefined();
  });

  it('accepts objects and empty arguments only', () => {
    expect(argumentsObject('')).toEqual({});
    expect(argumentsObject('{"a":1}')).toEqual({ a: 1 });
    expect(argumentsObject('"a"')).toBeUndefined();
    expect(argumentsObject('{oops')).toBeUndefined();
  });
});
