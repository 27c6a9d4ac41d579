import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CONFIG_TABLE_BEGIN, CONFIG_TABLE_END, configTableMarkdown } from './config-table';

// Rewrites the configuration table in README.md from the services' config specs.
const repoRoot = resolve(__dirname, '../../..');
const readmePath = join(repoRoot, 'README.md');
const readme = readFileSync(readmePath, 'utf8');
const start = readme.indexOf(CONFIG_TABLE_BEGIN);
const end = readme.indexOf(CONFIG_TABLE_END);
if (start === -1 || end === -1) throw new Error('README.md has no config-table markers');
writeFileSync(readmePath, `${readme.slice(0, start + CONFIG_TABLE_BEGIN.length)}\n${configTableMarkdown(repoRoot)}\n${readme.slice(end)}`);
