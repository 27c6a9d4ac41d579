import { ChatRequest, ErrorClass } from '@switchyard/contracts';
import { bodyOf, system, target, user } from '../../test-support/fixtures';
import { bedrockFamily } from './index';

const t = target('bedrock', { upstreamModel: 'anthropic.claude-3-5-haiku-20241022-v1:0', baseUrl: '' });
const aws = { apiKey: 'AKIDEXAMPLE', extras: { secretAccessKey: 'secret' } };

describe('bedrock token counting', () => {
  it('sends the Converse messages and system to CountTokens, SigV4-signed, without inferenceConfig', () => {
    const request = ChatRequest.fromPartial({ model: 'm', messages: [system('Be brief.'), user('Hi')], maxTokens: 50, temperature: 0.2 });
    const up = bedrockFamily.countTokensRequest!(t, request, aws);
    expect(up.url).toBe('https://bedrock-runtime.us-east-1.amazonaws.com/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/count-tokens');
    expect(up.headers['authorization']).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/bedrock\/aws4_request/);
    expect(bodyOf(up)).toEqual({
      input: { converse: { messages: [{ role: 'user', content: [{ text: 'Hi' }] }], system: [{ text: 'Be brief.' }] } },
    });
  });

  it('reads inputTokens as an exact count, and maps errors and malformed answers', () => {
    expect(bedrockFamily.countTokensResponse!(200, {}, Buffer.from('{"inputTokens":12}'))).toEqual({
      ok: true,
      value: { inputTokens: 12, estimated: false },
    });
    const failed = bedrockFamily.countTokensResponse!(
      429,
      { 'x-amzn-errortype': 'ThrottlingException' },
      Buffer.from('{"message":"slow"}'),
    );
    expect(failed.ok ? undefined : failed.error.errorClass).toBe(ErrorClass.ERROR_CLASS_RATE_LIMITED);
    expect(bedrockFamily.countTokensResponse!(200, {}, Buffer.from('{"inputTokens":"12"}')).ok).toBe(false);
  });
});
