// Runs every bench/*.ts that exports `run()` and prints one line per figure; exits 1 when any figure fails.
// `npm run bench` calls this; a single bench also runs alone: `node --import tsx bench/validate.ts`.
import { readdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import type { BenchFigure, BenchRun } from './figure.js';
import { formatFigure } from './support/format-figure.js';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const self = path.basename(fileURLToPath(import.meta.url));

async function main(): Promise<number> {
  const names = (await readdir(benchDir)).filter((n) => /\.ts$/.test(n) && n !== self && !n.endsWith('.d.ts')).sort();
  const figures: BenchFigure[] = [];
  for (const name of names) {
    const mod = (await import(pathToFileURL(path.join(benchDir, name)).href)) as { run?: BenchRun };
    if (typeof mod.run !== 'function') continue; // e.g. figure.ts: types only
    process.stdout.write(`# ${name}\n`);
    for (const figure of await mod.run()) {
      figures.push(figure);
      process.stdout.write(`${formatFigure(figure)}\n`);
    }
  }
  const failed = figures.filter((f) => !f.pass).length;
  process.stdout.write(`${figures.length - failed} passed, ${failed} failed\n`);
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main();
