import { canonicalHeaders, canonicalQuery, canonicalUri, computeSignature, sha256Hex } from '../formats/bedrock/sigv4';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
}

/** Signs a request the way the AWS SDK does for Bedrock (host, x-amz-date and content-type signed). */
export function signedHeaders(method: string, url: string, body: string, creds: AwsCredentials, now = new Date()): Record<string, string> {
  const u = new URL(url);
  const amzDate = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const date = amzDate.slice(0, 8);
  const headers: Record<string, string> = { 'content-type': 'application/json', host: u.host, 'x-amz-date': amzDate };
  const names = Object.keys(headers).sort();
  const signature = computeSignature({
    method,
    canonicalUri: canonicalUri(u.pathname),
    canonicalQuery: canonicalQuery(u.searchParams),
    canonicalHeaders: canonicalHeaders(headers, names),
    signedHeaders: names,
    payloadHash: sha256Hex(body),
    amzDate,
    date,
    region: creds.region,
    service: 'bedrock',
    secretAccessKey: creds.secretAccessKey,
  });
  const { host: _host, ...sent } = headers;
  return {
    ...sent,
    authorization: `AWS4-HMAC-SHA256 Credential=${creds.accessKeyId}/${date}/${creds.region}/bedrock/aws4_request, SignedHeaders=${names.join(';')}, Signature=${signature}`,
  };
}
