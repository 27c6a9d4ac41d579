import { EndUserPseudonyms } from './end-user-pseudonyms';

const secret = Buffer.alloc(32, 7);

describe('EndUserPseudonyms', () => {
  const pseudonyms = new EndUserPseudonyms(secret);

  it('is stable per tenant and user, distinct per user', () => {
    const a = pseudonyms.forTenant('ten_a');
    expect(a('jane@example.com')).toBe(new EndUserPseudonyms(Buffer.from(secret)).forTenant('ten_a')('jane@example.com'));
    expect(a('jane@example.com')).toMatch(/^eu_[0-9a-f]{32}$/);
    const all = new Set(Array.from({ length: 1000 }, (_, i) => a(`user-${i}@example.com`)));
    expect(all.size).toBe(1000);
  });

  it('differs between tenants and platform secrets, and never contains the id', () => {
    const id = 'jane@example.com';
    const a = pseudonyms.forTenant('ten_a')(id);
    expect(pseudonyms.forTenant('ten_b')(id)).not.toBe(a);
    expect(new EndUserPseudonyms(Buffer.alloc(32, 8)).forTenant('ten_a')(id)).not.toBe(a);
    expect(a).not.toContain('jane');
  });

  it('keeps "no end user" empty, and refuses a short secret', () => {
    expect(pseudonyms.forTenant('ten_a')('')).toBe('');
    expect(() => new EndUserPseudonyms(Buffer.alloc(16))).toThrow(/32 bytes/);
    expect(() => EndUserPseudonyms.fromBase64('c2hvcnQ=')).toThrow(/32 bytes/);
  });
});
