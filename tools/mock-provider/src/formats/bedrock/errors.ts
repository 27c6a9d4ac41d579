import { randomUUID } from 'node:crypto';
import type { Fault } from '../../behaviour/scopes';
import type { HttpReply } from '../../server/types';

const CORAL_BEDROCK = 'http://internal.amazon.com/coral/com.amazon.bedrock/';
const CORAL_SERVICE = 'http://internal.amazon.com/coral/com.amazon.coral.service/';

export interface BedrockException {
  status: number;
  type: string;
  message: string;
}

export function bedrockHeaders(): Record<string, string> {
  return { 'x-amzn-requestid': randomUUID() };
}

/** REST-JSON errors: the exception name travels in x-amzn-ErrorType, the body only has a message. */
export function bedrockErrorReply(error: BedrockException): HttpReply {
  const namespace =
    error.type.endsWith('SignatureException') ||
    error.type === 'UnrecognizedClientException' ||
    error.type === 'MissingAuthenticationTokenException'
      ? CORAL_SERVICE
      : CORAL_BEDROCK;
  return {
    status: error.status,
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': `${error.type}:${namespace}`, ...bedrockHeaders() },
    body: JSON.stringify({ message: error.message }),
  };
}

export const validation = (message: string): BedrockException => ({ status: 400, type: 'ValidationException', message });

export function exceptionForStatus(status: number): BedrockException {
  switch (status) {
    case 400:
      return validation('Invalid request (injected by mock-provider).');
    case 401:
      return { status, type: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' };
    case 403:
      return { status, type: 'AccessDeniedException', message: "You don't have access to the model with the specified model ID." };
    case 404:
      return { status, type: 'ResourceNotFoundException', message: 'The provided model identifier is invalid.' };
    case 408:
      return { status, type: 'ModelTimeoutException', message: 'Model has timed out in processing the request. Try your request again.' };
    case 424:
      return { status, type: 'ModelErrorException', message: 'The model returned an error.' };
    case 429:
      return { status, type: 'ThrottlingException', message: 'Too many requests, please wait before trying again.' };
    case 503:
      return { status, type: 'ServiceUnavailableException', message: 'Bedrock is unable to process your request.' };
    default:
      return status >= 500
        ? { status, type: 'InternalServerException', message: 'The server encountered an internal error while processing the request.' }
        : validation(`Request failed with status ${status} (injected by mock-provider).`);
  }
}

/** ConverseStream's modelled exception events use lower-camel names. */
export function streamExceptionType(status: number): string {
  switch (status) {
    case 400:
      return 'validationException';
    case 429:
      return 'throttlingException';
    case 503:
      return 'serviceUnavailableException';
    case 424:
      return 'modelStreamErrorException';
    default:
      return 'internalServerException';
  }
}

export function faultReply(fault: Fault): HttpReply {
  if (fault.kind === 'context_length') return bedrockErrorReply(validation('Input is too long for requested model.'));
  const reply = bedrockErrorReply(exceptionForStatus(fault.status));
  // Bedrock itself sends no retry-after; it is added when a delay was injected, for generic clients.
  if (fault.retryAfterSeconds !== undefined) reply.headers['retry-after'] = String(fault.retryAfterSeconds);
  return reply;
}
