import type { BenchFigure } from '../figure.js';

/** `name  measured unit  target  PASS|FAIL`, padded so a list of figures lines up. */
export function formatFigure(f: BenchFigure): string {
  const measured = Number.isInteger(f.measured) ? String(f.measured) : f.measured.toFixed(2);
  return `${f.name.padEnd(48)} ${`${measured} ${f.unit}`.padStart(14)}  target ${f.target.padEnd(12)} ${f.pass ? 'PASS' : 'FAIL'}`;
}

/** Two decimals: ratios and per-second figures read better that way. */
export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
