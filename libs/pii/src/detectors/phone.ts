import { digitsOf, regexDetector } from './detector';

/**
 * Phone numbers written as phone numbers: international (+ country code,
 * 8-15 digits) or North American ((555) 123-4567, 555-123-4567, 555.123.4567).
 * Plain digit runs, dates and version numbers are not phone numbers.
 */
export const phoneDetector = regexDetector(
  'phone',
  'PHONE',
  /(?<![\w+.-])(?:\+\d{1,3}(?:[ .-]?\(?\d{1,4}\)?){2,5}|(?:\(\d{3}\) ?|\d{3}[-. ])\d{3}[-. ]\d{4})(?![\w-]|\.\d)/g,
  (match) => {
    const digits = digitsOf(match);
    if (match.startsWith('+')) return digits.length >= 8 && digits.length <= 15 ? `+${digits}` : undefined;
    // NANP: area code and exchange never start with 0 or 1.
    if (digits.length !== 10 || /^[01]/.test(digits) || /^[01]/.test(digits.slice(3))) return undefined;
    // One separator style throughout (a date like 2024.01.15 is no phone anyway).
    return digits;
  },
);
