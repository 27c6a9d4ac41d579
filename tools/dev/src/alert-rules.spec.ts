import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const repoRoot = resolve(__dirname, '../../..');
// Series a histogram or the default process metrics add to a metric's registered name.
const SUFFIXES = /_(bucket|count|sum)$/;

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sources(path, out);
    else if (name.endsWith('.ts') && !name.endsWith('.spec.ts')) out.push(path);
  }
  return out;
}

describe('deploy/prometheus/alerts.yml', () => {
  const rules = readFileSync(join(repoRoot, 'deploy/prometheus/alerts.yml'), 'utf8');
  // Block scalars (`expr: >-`) continue on more-indented lines: take every line up to the next key.
  const exprs = [...rules.matchAll(/^\s+expr:(.*(?:\n\s{10,}.*)*)/gm)].map((m) => m[1] ?? '');
  const code = ['apps', 'libs']
    .flatMap((top) => readdirSync(join(repoRoot, top)).map((p) => join(repoRoot, top, p, 'src')))
    .filter((dir) => statSync(dir, { throwIfNoEntry: false })?.isDirectory())
    .flatMap((dir) => sources(dir))
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n');

  it('has alerts, each with an expression', () => {
    expect(exprs.length).toBe([...rules.matchAll(/^\s+- alert:/gm)].length);
    expect(exprs.length).toBeGreaterThan(5);
  });

  it('uses only metrics the services register (a renamed metric must take its alerts along)', () => {
    const used = new Set(exprs.flatMap((e) => [...e.matchAll(/\bswitchyard_[a-z0-9_]+/g)].map((m) => m[0].replace(SUFFIXES, ''))));
    const missing = [...used].filter((name) => !code.includes(`'${name}'`) && !code.includes(`= '${name}'`));
    expect(missing).toEqual([]);
  });
});
