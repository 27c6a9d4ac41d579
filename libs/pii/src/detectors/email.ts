import { regexDetector } from './detector';

// Image "retina" names (icon@2x.png) look like addresses; their "TLD" gives them away.
const FILE_EXTENSIONS = new Set(['png', 'jpg', 'jpeg', 'gif', 'svg', 'webp', 'bmp', 'ico', 'pdf']);

export const emailDetector = regexDetector(
  'email',
  'EMAIL',
  /(?<![A-Za-z0-9._%+-])[A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,62}[A-Za-z0-9_%+-])?@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.[A-Za-z]{2,24}(?![A-Za-z0-9-])/g,
  (match) => {
    const [local = '', domain = ''] = match.split('@');
    if (local.includes('..')) return undefined;
    const tld = domain.slice(domain.lastIndexOf('.') + 1).toLowerCase();
    if (FILE_EXTENSIONS.has(tld)) return undefined;
    return match.toLowerCase();
  },
  { char: '@', before: 64, after: 260 },
);
