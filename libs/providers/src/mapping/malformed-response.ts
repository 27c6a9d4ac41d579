import { ErrorClass, ErrorInfo } from '@switchyard/contracts';

/** A 2xx whose body is not the answer shape the family expects (`what`, e.g. "a message"). */
export function malformedResponse(status: number, what: string): ErrorInfo {
  return ErrorInfo.fromPartial({
    errorClass: ErrorClass.ERROR_CLASS_UPSTREAM_5XX,
    message: `The provider sent a response that is not ${what}.`,
    upstreamStatus: status,
  });
}
