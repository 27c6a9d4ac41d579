import { ErrorClass, ErrorInfo } from '@switchyard/contracts';
import type { Deployment, RequestContext } from '@switchyard/contracts';
import { CAPABILITY_LABELS, CapabilityName } from './required-capabilities';

export interface RoutePlan {
  /** Deployments to try, in order; the first is the primary. */
  readonly candidates: readonly Deployment[];
  readonly policy: string;
  readonly alias: string;
}

export type PlanResult = { readonly ok: true; readonly plan: RoutePlan } | { readonly ok: false; readonly error: ErrorInfo };

/**
 * Which deployments may serve `model` for this caller: enabled, serving that
 * model, allowed for the key, in an allowed region, and able to do what the
 * request needs. Refusals say exactly why, and never swap in another model.
 */
export function planForModel(
  model: string,
  deployments: readonly Deployment[],
  context: RequestContext,
  needs: readonly CapabilityName[],
): PlanResult {
  if (context.allowedModels.length > 0 && !context.allowedModels.includes(model)) {
    return refuse(ErrorClass.ERROR_CLASS_PERMISSION_DENIED, `Your API key is not allowed to use the model '${model}'.`, 'model');
  }
  const serving = deployments.filter((d) => d.enabled && (d.model === model || d.id === model));
  if (serving.length === 0) {
    return refuse(ErrorClass.ERROR_CLASS_NOT_FOUND, `The model '${model}' does not exist or you do not have access to it.`, 'model');
  }
  const inRegion = context.allowedRegions.length === 0 ? serving : serving.filter((d) => context.allowedRegions.includes(d.region));
  if (inRegion.length === 0) {
    return refuse(
      ErrorClass.ERROR_CLASS_PERMISSION_DENIED,
      `The model '${model}' is not served in your allowed regions (${context.allowedRegions.join(', ')}).`,
      'model',
    );
  }
  const capable = inRegion.filter((d) => needs.every((n) => d.capabilities?.[n] === true));
  if (capable.length === 0) {
    const missing = needs.filter((n) => !inRegion.some((d) => d.capabilities?.[n] === true)).map((n) => CAPABILITY_LABELS[n]);
    return refuse(ErrorClass.ERROR_CLASS_UNSUPPORTED, `The model '${model}' does not support ${missing.join(', ')}.`, '');
  }
  return { ok: true, plan: { candidates: capable, policy: '', alias: '' } };
}

function refuse(errorClass: ErrorClass, message: string, param: string): PlanResult {
  return { ok: false, error: ErrorInfo.fromPartial({ errorClass, message, param }) };
}
