import { ErrorClass, ErrorInfo } from '@switchyard/contracts';
import type { Deployment, RequestContext } from '@switchyard/contracts';
import { CAPABILITY_LABELS, CapabilityName } from './required-capabilities';

/** A copy of the request for a shadow arm: sent asynchronously, answer recorded, never returned. */
export interface ShadowTarget {
  readonly arm: string;
  readonly deployment: Deployment;
}

export interface RoutePlan {
  /** Deployments to try, in order; the first is the primary, the rest the fallback chain. */
  readonly candidates: readonly Deployment[];
  /** A policy's candidate set (public models, best-ranked first); empty when a model or alias was named. */
  readonly candidateModels: readonly string[];
  /** The policy that ordered the candidates ("fastest", "reliable", ...). */
  readonly policy: string;
  readonly alias: string;
  /** The experiment arm serving the request; empty outside experiments. */
  readonly arm: string;
  readonly shadows: readonly ShadowTarget[];
}

export type PlanResult = { readonly ok: true; readonly plan: RoutePlan } | { readonly ok: false; readonly error: ErrorInfo };

export type Eligibility = { readonly ok: true; readonly eligible: Deployment[] } | { readonly ok: false; readonly error: ErrorInfo };

/**
 * Which of the deployments `name` refers to may serve this caller: enabled,
 * in an allowed region, and able to do what the request needs. When none
 * may, the refusal says exactly why.
 */
export function eligibleDeployments(
  name: string,
  serving: readonly Deployment[],
  context: RequestContext,
  needs: readonly CapabilityName[],
): Eligibility {
  const enabled = serving.filter((d) => d.enabled);
  if (enabled.length === 0)
    return refuse(ErrorClass.ERROR_CLASS_NOT_FOUND, `The model '${name}' does not exist or you do not have access to it.`, 'model');
  const inRegion = context.allowedRegions.length === 0 ? enabled : enabled.filter((d) => context.allowedRegions.includes(d.region));
  if (inRegion.length === 0) {
    return refuse(
      ErrorClass.ERROR_CLASS_PERMISSION_DENIED,
      `The model '${name}' is not served in your allowed regions (${context.allowedRegions.join(', ')}).`,
      'model',
    );
  }
  const capable = inRegion.filter((d) => needs.every((n) => d.capabilities?.[n] === true));
  if (capable.length === 0) {
    const missing = needs.filter((n) => !inRegion.some((d) => d.capabilities?.[n] === true)).map((n) => CAPABILITY_LABELS[n]);
    return refuse(ErrorClass.ERROR_CLASS_UNSUPPORTED, `The model '${name}' does not support ${missing.join(', ')}.`, '');
  }
  return { ok: true, eligible: capable };
}

export function refuse(errorClass: ErrorClass, message: string, param: string): { ok: false; error: ErrorInfo } {
  return { ok: false, error: ErrorInfo.fromPartial({ errorClass, message, param }) };
}

/** Keeps the first occurrence of each deployment. */
export function dedupe(deployments: readonly Deployment[]): Deployment[] {
  const seen = new Set<string>();
  return deployments.filter((d) => (seen.has(d.id) ? false : (seen.add(d.id), true)));
}
