import { ErrorClass } from '@switchyard/contracts';

/**
 * The status an error carries when the provider gave no HTTP status for it:
 * no HTTP answer came back, or the provider reported the error inside a
 * stream that had already started with 200.
 */
export const NO_HTTP_STATUS = 0;

/**
 * The error class an upstream HTTP status means when the provider's body says
 * nothing more specific (every family tries its own error codes first). One
 * table for every family, so a status fails over the same way whichever
 * provider answered it; docs/providers.md lists it.
 */
export function errorClassOfStatus(status: number): ErrorClass {
  switch (status) {
    case NO_HTTP_STATUS:
      // No answer, or an in-stream failure: another deployment may well serve it.
      return ErrorClass.ERROR_CLASS_UPSTREAM_5XX;
    case 401:
      return ErrorClass.ERROR_CLASS_AUTH;
    case 403:
      return ErrorClass.ERROR_CLASS_PERMISSION_DENIED;
    case 404:
      return ErrorClass.ERROR_CLASS_NOT_FOUND;
    case 408:
    case 504:
      return ErrorClass.ERROR_CLASS_TIMEOUT;
    case 413:
      // A body over the provider's byte limit; token overflows are recognised by the provider's code or wording.
      return ErrorClass.ERROR_CLASS_INVALID_REQUEST;
    case 429:
      return ErrorClass.ERROR_CLASS_RATE_LIMITED;
    default:
      return status >= 500 ? ErrorClass.ERROR_CLASS_UPSTREAM_5XX : ErrorClass.ERROR_CLASS_INVALID_REQUEST;
  }
}

/** The message of an error whose body said nothing readable. */
export function bareStatusMessage(status: number): string {
  return status === NO_HTTP_STATUS ? 'The provider reported an error inside the stream.' : `The provider answered HTTP ${status}.`;
}
