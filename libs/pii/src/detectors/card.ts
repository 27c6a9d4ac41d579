import { digitsOf, regexDetector } from './detector';

/** Luhn (mod 10) checksum, as every payment card number carries. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

// Issuer prefixes of the major networks (Visa, Mastercard, Amex, Discover,
// Diners, JCB, UnionPay, Maestro): random Luhn-valid numbers mostly don't start so.
const ISSUER = /^(?:4|5[1-5]|2(?:2[2-9]|[3-6]\d|7[01]|720)|3[47]|3(?:0[0-5]|[68])|6(?:011|5|4[4-9]|2)|35|50|5[6-8])/;

export const cardDetector = regexDetector('card', 'CARD', /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])/g, (match) => {
  const digits = digitsOf(match);
  if (digits.length < 13 || digits.length > 19) return undefined;
  // Separators, when present, are used consistently (one kind).
  if (/ /.test(match) && /-/.test(match)) return undefined;
  if (!ISSUER.test(digits) || !luhnValid(digits)) return undefined;
  return digits;
});
