/** The JSON body every client-facing error has: OpenAI's error shape. */
export interface ApiErrorBody {
  error: {
    message: string;
    type: string;
    code: string | null;
    param: string | null;
  };
}

/** An error meant for the client: status, OpenAI-style body, optional headers. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly code: string | null,
    message: string,
    readonly param: string | null = null,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toBody(): ApiErrorBody {
    return { error: { message: this.message, type: this.type, code: this.code, param: this.param } };
  }

  static invalidRequest(message: string, param: string | null = null, code: string | null = null): ApiError {
    return new ApiError(400, 'invalid_request_error', code, message, param);
  }

  static internal(): ApiError {
    return new ApiError(500, 'server_error', 'internal_error', 'The server had an error while processing your request.');
  }
}

interface FrameworkError {
  statusCode?: number;
  code?: string;
  message?: string;
}

/**
 * Turns anything thrown while handling a request into a client-safe ApiError:
 * known framework errors keep their 4xx meaning, everything else is a 500
 * without internals (the caller logs the original).
 */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const e = (typeof error === 'object' && error !== null ? error : {}) as FrameworkError;
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ApiError(
        400,
        'invalid_request_error',
        'invalid_json',
        'We could not parse the JSON body of your request. Make sure it is valid JSON.',
      );
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError(413, 'invalid_request_error', 'request_too_large', 'The request body is larger than this server accepts.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError(415, 'invalid_request_error', 'unsupported_media_type', 'Send the request body as application/json.');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ApiError(400, 'invalid_request_error', 'invalid_content_length', 'The Content-Length header does not match the body.');
    default:
      break;
  }
  if (error instanceof SyntaxError) {
    return new ApiError(
      400,
      'invalid_request_error',
      'invalid_json',
      'We could not parse the JSON body of your request. Make sure it is valid JSON.',
    );
  }
  const status = typeof e.statusCode === 'number' ? e.statusCode : 0;
  if (status === 404) return new ApiError(404, 'invalid_request_error', 'unknown_url', 'Unknown request URL.');
  if (status === 405) return new ApiError(405, 'invalid_request_error', 'method_not_allowed', 'This method is not allowed on this URL.');
  if (status >= 400 && status < 500) {
    return new ApiError(status, 'invalid_request_error', null, 'The request could not be processed.');
  }
  return ApiError.internal();
}
