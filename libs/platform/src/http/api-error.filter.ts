import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, toApiError } from '@switchyard/api-errors';
import type { Log } from '../logging/logger';

/** Every error a client sees is OpenAI-style JSON; stack traces only go to the log. */
@Catch()
export class ApiErrorFilter implements ExceptionFilter {
  constructor(private readonly log: Log) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    sendApiError(this.log, request, reply, fromNest(exception, request));
  }
}

function fromNest(exception: unknown, request: FastifyRequest): unknown {
  if (exception instanceof HttpException && exception.getStatus() === 404) {
    return new ApiError(
      404,
      'invalid_request_error',
      'unknown_url',
      `Unknown request URL: ${request.method} ${request.url.split('?')[0]}.`,
    );
  }
  if (exception instanceof HttpException) {
    // Nest wraps fastify's body errors; keep their meaning (invalid JSON, too large, media type).
    const cause = (exception as { cause?: unknown }).cause;
    if (typeof cause === 'object' && cause !== null && typeof (cause as { code?: unknown }).code === 'string') return cause;
    const status = exception.getStatus();
    if (status === 413) return { code: 'FST_ERR_CTP_BODY_TOO_LARGE' };
    if (status === 415) return { code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' };
    if (status === 400 && /json/i.test(exception.message)) return { code: 'FST_ERR_CTP_INVALID_JSON_BODY' };
    return { statusCode: status, message: exception.message };
  }
  return exception;
}

export function sendApiError(log: Log, request: FastifyRequest, reply: FastifyReply, error: unknown): void {
  const apiError = toApiError(error);
  if (apiError.status >= 500) {
    log.error({ requestId: request.id, err: error }, 'request failed');
  }
  if (reply.sent || reply.raw.headersSent) return;
  void reply.code(apiError.status).headers(apiError.headers).send(apiError.toBody());
}
