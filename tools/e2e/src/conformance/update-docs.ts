import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { normalize, renderMatrix, replaceMatrix, Results } from './matrix';

/**
 * Renders the feature matrix of the last conformance run into
 * docs/providers.md and keeps its source next to it:
 *   node tools/e2e/dist/conformance/update-docs.js [results.json]
 * (default: .var/conformance/provider-conformance.json, written by the suite).
 */
export const REPO_ROOT = resolve(__dirname, '../../../..');
export const RUN_RESULTS = join(REPO_ROOT, '.var', 'conformance', 'provider-conformance.json');
export const DOC = join(REPO_ROOT, 'docs', 'providers.md');
export const CHECKED_IN_RESULTS = join(REPO_ROOT, 'docs', 'provider-conformance.json');

function main(): void {
  const source = process.argv[2] ?? RUN_RESULTS;
  const results = normalize(JSON.parse(readFileSync(source, 'utf8')) as Results);
  writeFileSync(DOC, replaceMatrix(readFileSync(DOC, 'utf8'), renderMatrix(results)));
  writeFileSync(CHECKED_IN_RESULTS, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`updated ${DOC} and ${CHECKED_IN_RESULTS} from ${source}\n`);
}

if (require.main === module) main();
