import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CONFIG_TABLE_BEGIN, CONFIG_TABLE_END, configTableMarkdown } from './config-table';

describe('README configuration table', () => {
  it('matches the services config specs (run `npm run docs:config` after changing one)', () => {
    const repoRoot = resolve(__dirname, '../../..');
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf(CONFIG_TABLE_BEGIN) + CONFIG_TABLE_BEGIN.length, readme.indexOf(CONFIG_TABLE_END)).trim();
    expect(table).toBe(configTableMarkdown(repoRoot));
  });
});
