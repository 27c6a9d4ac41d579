import type { DeploymentTarget } from '@switchyard/contracts';
import type { UpstreamCredential, UpstreamRequest } from '../../provider-adapter';
import { signAwsRequest } from '../../wire/aws-sigv4';

/**
 * The AWS region signatures are scoped to: options.aws_region, else the
 * region in a bedrock-runtime.<region>.amazonaws.com base URL, else us-east-1.
 */
export function awsRegion(target: DeploymentTarget): string {
  if (target.options['aws_region']) return target.options['aws_region'];
  const match = /bedrock-runtime(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com/.exec(target.baseUrl);
  return match?.[1] ?? 'us-east-1';
}

/** base_url defaults to the regional runtime endpoint; the model id (or inference profile ARN) is path-encoded. */
export function bedrockUrl(target: DeploymentTarget, operation: 'converse' | 'converse-stream' | 'invoke' | 'count-tokens'): string {
  const base = target.baseUrl ? target.baseUrl.replace(/\/+$/, '') : `https://bedrock-runtime.${awsRegion(target)}.amazonaws.com`;
  return `${base}/model/${encodeURIComponent(target.upstreamModel)}/${operation}`;
}

/**
 * The credential secret is {"apiKey": accessKeyId, "secretAccessKey", "sessionToken"?}
 * and is SigV4-signed; a secret without secretAccessKey is a Bedrock API key, sent as Bearer.
 */
export function bedrockRequest(
  target: DeploymentTarget,
  credential: UpstreamCredential,
  url: string,
  body: string,
  accept: string,
): UpstreamRequest {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept };
  const secretAccessKey = credential.extras['secretAccessKey'];
  if (!secretAccessKey) {
    return { url, method: 'POST', headers: { ...headers, authorization: `Bearer ${credential.apiKey}` }, body };
  }
  const signed = signAwsRequest(
    { method: 'POST', url, headers, body },
    { accessKeyId: credential.apiKey, secretAccessKey, sessionToken: credential.extras['sessionToken'] },
    awsRegion(target),
    'bedrock',
  );
  return { url, method: 'POST', headers: signed, body };
}
