import { regexDetector } from './detector';

/**
 * US Social Security numbers in their written form (123-45-6789). Bare nine
 * digit runs are left alone: too many other numbers look like that. Numbers
 * the SSA never issues (area 000, 666, 900-999; group 00; serial 0000) don't match.
 */
export const ssnDetector = regexDetector('ssn', 'SSN', /(?<![\d-])\d{3}-\d{2}-\d{4}(?![\d-])/g, (match) => {
  const [area = '', group = '', serial = ''] = match.split('-');
  if (area === '000' || area === '666' || area.startsWith('9') || group === '00' || serial === '0000') return undefined;
  return match;
});
