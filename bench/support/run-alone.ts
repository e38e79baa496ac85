// Lets a bench file also run by itself (`node --import tsx bench/polling.ts`): prints its figures and exits 1
// when one fails. Imported by run-one.ts (run-all), the file is not the entry point and nothing happens here.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchRun } from '../figure.js';
import { formatFigure } from './format-figure.js';

export async function runAlone(moduleUrl: string, run: BenchRun): Promise<void> {
  if (!process.argv[1] || path.resolve(process.argv[1]) !== fileURLToPath(moduleUrl)) return;
  const figures = await run();
  for (const figure of figures) process.stdout.write(`${formatFigure(figure)}\n`);
  process.exitCode = figures.every((f) => f.pass) ? 0 : 1;
}
