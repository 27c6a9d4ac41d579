import { ChatStreamEvent, ErrorClass, ErrorInfo, InvokeStreamEvent } from '@switchyard/contracts';
import type { DeploymentTarget, RateLimitInfo } from '@switchyard/contracts';

// The attempt executor's own failures (not the provider's): each an ErrorInfo of the taxonomy.

/** Building the provider request is pure mapping; if it throws, that is a gateway defect, not a network error. */
export function build<T>(make: () => T): { value: T } | { error: ErrorInfo } {
  try {
    return { value: make() };
  } catch (error) {
    return { error: internal(`The provider request could not be built: ${error instanceof Error ? error.message : String(error)}`) };
  }
}

export function errorEvent(error: ErrorInfo, rateLimit?: RateLimitInfo): InvokeStreamEvent {
  return InvokeStreamEvent.fromPartial({ chunk: ChatStreamEvent.fromPartial({ event: { $case: 'error', error } }), rateLimit });
}

/** Our configuration, not the provider, fails (the credential store logs why): 503, fails over, not a provider fault. */
export function credentialUnavailable(target: DeploymentTarget): ErrorInfo {
  return ErrorInfo.fromPartial({
    errorClass: ErrorClass.ERROR_CLASS_NO_DEPLOYMENT,
    message: `Deployment ${target.deploymentId} is unavailable: its provider credential cannot be used. The platform operator has been alerted.`,
  });
}

export function internal(message: string): ErrorInfo {
  return ErrorInfo.fromPartial({ errorClass: ErrorClass.ERROR_CLASS_INTERNAL, message });
}

export function unsupported(message: string): ErrorInfo {
  return ErrorInfo.fromPartial({ errorClass: ErrorClass.ERROR_CLASS_UNSUPPORTED, message });
}

export function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}

export function micros(since: number): number {
  return Math.round((performance.now() - since) * 1000);
}
