import { signAwsRequest } from './aws-sigv4';

describe('signAwsRequest', () => {
  it('reproduces the signature of the AWS SigV4 documentation example (IAM ListUsers)', () => {
    const headers = signAwsRequest(
      {
        method: 'GET',
        url: 'https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' },
        body: '',
      },
      { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
      'us-east-1',
      'iam',
      new Date('2015-08-30T12:36:00Z'),
    );
    expect(headers['authorization']).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7',
    );
    expect(headers['x-amz-date']).toBe('20150830T123600Z');
    expect(headers['host']).toBeUndefined();
  });

  it('signs the session token and double-encodes path segments', () => {
    const a = signAwsRequest(
      { method: 'POST', url: 'https://bedrock-runtime.us-east-1.amazonaws.com/model/a%3Ab/converse', headers: {}, body: '{}' },
      { accessKeyId: 'AK', secretAccessKey: 's', sessionToken: 'tok' },
      'us-east-1',
      'bedrock',
      new Date(0),
    );
    expect(a['x-amz-security-token']).toBe('tok');
    expect(a['authorization']).toContain('SignedHeaders=host;x-amz-date;x-amz-security-token,');
    const b = signAwsRequest(
      { method: 'POST', url: 'https://bedrock-runtime.us-east-1.amazonaws.com/model/a:b/converse', headers: {}, body: '{}' },
      { accessKeyId: 'AK', secretAccessKey: 's', sessionToken: 'tok' },
      'us-east-1',
      'bedrock',
      new Date(0),
    );
    expect(a['authorization']).not.toBe(b['authorization']);
  });
});
