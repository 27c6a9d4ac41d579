import { ErrorClass } from '@switchyard/contracts';

/** The taxonomy's short name for logs, metrics and analytics: "rate_limited", "timeout", ... ("ok" for no error). */
export function errorClassName(errorClass: ErrorClass): string {
  if (errorClass === ErrorClass.ERROR_CLASS_UNSPECIFIED) return 'ok';
  return errorClass.replace(/^ERROR_CLASS_/, '').toLowerCase();
}
