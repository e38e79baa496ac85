// Child-process entry of run-all: runs one bench module and writes its figures as one marked JSON line, so
// every bench gets a fresh process (its own JIT state and its own RSS high-water mark).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { FIGURES_MARK, type BenchRun } from '../figure.js';

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: run-one.ts <bench file>\n');
  process.exitCode = 2;
} else {
  const mod = (await import(pathToFileURL(path.resolve(file)).href)) as { run?: BenchRun };
  const figures = typeof mod.run === 'function' ? await mod.run() : [];
  process.stdout.write(`\n${FIGURES_MARK}${JSON.stringify(figures)}\n`);
}
