import { cardDetector } from './card';
import type { Detector, PiiSpan } from './detector';
import { emailDetector } from './email';
import { ibanDetector } from './iban';
import { ipDetector } from './ip';
import { phoneDetector } from './phone';
import { ssnDetector } from './ssn';

/** In priority order: when two findings overlap, the earlier detector wins. */
export const DETECTORS: readonly Detector[] = [emailDetector, ibanDetector, cardDetector, ssnDetector, ipDetector, phoneDetector];

export const DETECTOR_NAMES: readonly string[] = DETECTORS.map((d) => d.name);

export function detectorsNamed(names: readonly string[]): Detector[] {
  return names.length === 0 ? [...DETECTORS] : DETECTORS.filter((d) => names.includes(d.name));
}

/** Every finding of the given detectors, non-overlapping, in text order. */
export function findPii(text: string, detectors: readonly Detector[] = DETECTORS): PiiSpan[] {
  const accepted: PiiSpan[] = [];
  for (const detector of detectors) {
    for (const span of detector.find(text)) {
      if (!accepted.some((a) => span.start < a.end && a.start < span.end)) accepted.push(span);
    }
  }
  return accepted.sort((a, b) => a.start - b.start);
}

export type { Detector, PiiLabel, PiiSpan } from './detector';
export { ibanValid } from './iban';
export { luhnValid } from './card';
