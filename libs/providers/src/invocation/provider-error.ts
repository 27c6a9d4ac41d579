import { DeploymentTarget, ErrorClass, ErrorInfo } from '@switchyard/contracts';

/**
 * What a caller sees of an error the provider answered: the provider's own
 * text, prefixed with its family ("anthropic error: Overloaded"), so a message
 * that points at "our help center" says whose. A provider's answer to a bad
 * credential can quote part of the key (OpenAI shows its first and last
 * characters), so callers only learn that the deployment's credential was
 * refused.
 */
export function providerError(error: ErrorInfo, target: DeploymentTarget): ErrorInfo {
  if (error.errorClass !== ErrorClass.ERROR_CLASS_AUTH) return { ...error, message: `${target.provider} error: ${error.message}` };
  const status = error.upstreamStatus ? ` (HTTP ${error.upstreamStatus})` : '';
  return { ...error, message: `The ${target.provider} provider refused the credentials of deployment ${target.deploymentId}${status}.` };
}
