import { canonicalQuery, canonicalUri, computeSignature, parseAuthorization, sha256Hex } from './sigv4';

// Vectors from the public AWS SigV4 test suite (get-vanilla, get-vanilla-query-order-key-case, post-vanilla).
const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const base = {
  canonicalUri: '/',
  canonicalHeaders: 'host:example.amazonaws.com\nx-amz-date:20150830T123600Z\n',
  signedHeaders: ['host', 'x-amz-date'],
  payloadHash: sha256Hex(''),
  amzDate: '20150830T123600Z',
  date: '20150830',
  region: 'us-east-1',
  service: 'service',
  secretAccessKey: SECRET,
};

describe('SigV4', () => {
  it('matches the get-vanilla and post-vanilla vectors', () => {
    expect(computeSignature({ ...base, method: 'GET', canonicalQuery: '' })).toBe(
      '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
    );
    expect(computeSignature({ ...base, method: 'POST', canonicalQuery: '' })).toBe(
      '5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b',
    );
  });

  it('matches the query-order vector with sorted canonical query', () => {
    const query = canonicalQuery(new URLSearchParams('Param2=value2&Param1=value1'));
    expect(query).toBe('Param1=value1&Param2=value2');
    expect(computeSignature({ ...base, method: 'GET', canonicalQuery: query })).toBe(
      'b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500',
    );
  });

  it('double-encodes path segments like the AWS SDK does for Bedrock model ids', () => {
    expect(canonicalUri('/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse')).toBe(
      '/model/anthropic.claude-3-5-sonnet-20240620-v1%253A0/converse',
    );
  });

  it('parses well-formed Authorization headers and rejects malformed ones', () => {
    const header = `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1/bedrock/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=${'a'.repeat(64)}`;
    expect(parseAuthorization(header)).toEqual({
      accessKeyId: 'AKIDEXAMPLE',
      date: '20240101',
      region: 'us-east-1',
      service: 'bedrock',
      signedHeaders: ['content-type', 'host', 'x-amz-date'],
      signature: 'a'.repeat(64),
    });
    expect(parseAuthorization('AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/bedrock/aws4_request, Signature=abc')).toBeNull();
    expect(parseAuthorization('Bearer token')).toBeNull();
  });
});
