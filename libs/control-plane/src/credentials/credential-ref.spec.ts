import { credentialRef, parseCredentialRef } from './credential-ref';

describe('credential references', () => {
  it('name the owner of a BYO credential and none for a platform one', () => {
    expect(credentialRef('', 'cred-openai')).toBe('cred:cred-openai');
    expect(credentialRef('ten_a', 'my-key')).toBe('cred:ten_a/my-key');
    expect(parseCredentialRef('cred:cred-openai')).toEqual({ tenantId: '', credentialId: 'cred-openai' });
    expect(parseCredentialRef('cred:ten_a/my-key')).toEqual({ tenantId: 'ten_a', credentialId: 'my-key' });
  });

  it('refuses what is not a credential reference', () => {
    expect(parseCredentialRef('')).toBeUndefined();
    expect(parseCredentialRef('env:OPENAI_API_KEY')).toBeUndefined();
    expect(parseCredentialRef('cred:')).toBeUndefined();
    expect(parseCredentialRef('cred:ten_a/')).toBeUndefined();
  });
});
