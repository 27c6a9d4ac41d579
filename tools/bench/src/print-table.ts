import type { BenchTable } from './scenario';

export function formatTable(table: BenchTable): string {
  const columns = [...new Set(table.rows.flatMap((r) => Object.keys(r)))];
  const cells = table.rows.map((r) => columns.map((c) => String(r[c] ?? '')));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i]?.length ?? 0)));
  const line = (values: string[]) => `| ${values.map((v, i) => v.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [
    `## ${table.title}`,
    '',
    line(columns),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...cells.map(line),
    ...(table.notes && table.notes.length > 0 ? ['', ...table.notes.map((n) => `- ${n}`)] : []),
    '',
  ].join('\n');
}
