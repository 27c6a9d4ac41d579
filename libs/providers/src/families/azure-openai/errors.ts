import { ErrorClass, ErrorInfo } from '@switchyard/contracts';
import type { UpstreamHeaders } from '../../provider-adapter';
import { parseJson, retryAfterMs } from '../../wire/headers';
import { openAiWireError } from '../openai/errors';

interface AzureWireError {
  message?: string;
  type?: string;
  code?: string | number | null;
  param?: string | null;
  innererror?: { code?: string; content_filter_result?: unknown } | null;
}

/**
 * Azure answers in OpenAI's error shape from the model, and with
 * {"error":{"code":"<status>","message"}} from its own gateway (auth, routing,
 * throttling). A prompt blocked by Azure's content filter is a 400 whose code
 * (or innererror code) is content_filter / ResponsibleAIPolicyViolation.
 */
export function azureError(status: number, headers: UpstreamHeaders, body: Buffer): ErrorInfo {
  const parsed = parseJson(body) as { error?: AzureWireError } | undefined;
  const wire = parsed?.error ?? {};
  const info = openAiWireError(
    status,
    { message: wire.message, type: wire.type, code: wire.code, param: wire.param },
    retryAfterMs(headers),
  );
  const inner = wire.innererror?.code ?? '';
  if (wire.code === 'content_filter' || inner === 'ResponsibleAIPolicyViolation') {
    return { ...info, errorClass: ErrorClass.ERROR_CLASS_CONTENT_FILTER, providerCode: inner || String(wire.code) };
  }
  if (status === 404 && wire.code === 'DeploymentNotFound') return { ...info, errorClass: ErrorClass.ERROR_CLASS_NOT_FOUND };
  return info;
}
