// The printed table and bench/REPORT.md, both from the same figures.
import type { Figure } from './scenarios';

const verdict = (f: Figure) =>
  f.status === 'unavailable' ? 'n/a' : f.status === 'failed' ? 'FAILED' : f.met === null ? 'reported' : f.met ? 'met' : 'MISSED';

const value = (f: Figure) => (f.value === null ? (f.status === 'unavailable' ? 'not available yet (feature missing)' : '—') : `${f.value} ${f.unit}`.trim());

export function renderTable(figures: Figure[]): string {
  const rows = [['Figure', 'Value', 'Target', 'Result'], ...figures.map((f) => [f.label, value(f), f.target ?? '—', verdict(f)])];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => [...r[i]!].length)));
  const line = (r: string[]) => r.map((c, i) => c + ' '.repeat(widths[i]! - [...c].length)).join('  ');
  return [line(rows[0]!), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

export function renderReport(r: {
  command: string;
  startedAt: string;
  seconds: number;
  machine: { cpus: number; cpuModel?: string; loadavgAtEnd: number[]; node: string };
  git?: string;
  figures: Figure[];
  failures: string[];
}): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const out: string[] = [
    '# Pinlink bench report',
    '',
    `Produced by \`${r.command}\` at ${r.startedAt} (commit ${r.git ?? 'unknown'}), in ${r.seconds} s, on ${r.machine.cpus} CPU(s) (${r.machine.cpuModel ?? 'unknown'}), Node ${r.machine.node}; load average at the end ${r.machine.loadavgAtEnd.join(' / ')}.`,
    '',
    'Every figure is a ratio of two things measured in the same run (see bench/README.md for the method). Absolute numbers are in bench/results.json.',
    '',
    '| Figure | Value | Target | Result |',
    '|---|---|---|---|',
    ...r.figures.map((f) => `| ${esc(f.label)} | ${esc(value(f))} | ${esc(f.target ?? '—')} | ${verdict(f)} |`),
    '',
  ];
  const notes = r.figures.filter((f) => f.note);
  if (notes.length) {
    out.push('## Notes', '');
    for (const f of notes) out.push(`- **${f.id}** — ${f.note}`);
    out.push('');
  }
  if (r.failures.length) {
    out.push('## Failures', '');
    for (const f of r.failures) out.push(`- ${f}`);
    out.push('');
  }
  return out.join('\n');
}
