// Runs every bench/*.ts that exports `run()`, each in its own Node process so that figures such as peak RSS
// belong to one bench, and prints one line per figure; exits 1 when any figure fails or a bench crashes.
// `npm run bench` calls this; a single bench also runs alone: `node --import tsx bench/validate.ts`.
import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { FIGURES_MARK, type BenchFigure } from './figure.js';
import { formatFigure } from './support/format-figure.js';
const benchDir = path.dirname(fileURLToPath(import.meta.url));
const self = path.basename(fileURLToPath(import.meta.url));
const runOne = path.join(benchDir, 'support', 'run-one.ts');

/** Bench modules are the top-level .ts files that export `run` (figure.ts only holds types). */
async function benchFiles(): Promise<string[]> {
  const names = (await readdir(benchDir)).filter((n) => n.endsWith('.ts') && !n.endsWith('.d.ts') && n !== self).sort();
  const found: string[] = [];
  for (const name of names) {
    const text = await readFile(path.join(benchDir, name), 'utf8');
    if (/export\s+async\s+function\s+run\s*\(/.test(text)) found.push(path.join(benchDir, name));
  }
  return found;
}

/** Runs one bench in a child process; its own output goes to our stderr, its figures come back as data. */
function runInChild(file: string): Promise<BenchFigure[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', runOne, file], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => { out += chunk; });
    child.on('error', reject);
    child.on('close', (code) => {
      const lines = out.split('\n');
      const marked = lines.find((l) => l.startsWith(FIGURES_MARK));
      const other = lines.filter((l) => l !== marked && l.trim() !== '').join('\n');
      if (other) process.stderr.write(`${other}\n`);
      if (code !== 0 || !marked) {
        reject(new Error(`${path.basename(file)} exited with code ${code}${marked ? '' : ' without figures'}`));
        return;
      }
      resolve(JSON.parse(marked.slice(FIGURES_MARK.length)) as BenchFigure[]);
    });
  });
}

async function main(): Promise<number> {
  let failed = 0;
  let passed = 0;
  for (const file of await benchFiles()) {
    process.stdout.write(`# ${path.basename(file)}\n`);
    try {
      for (const figure of await runInChild(file)) {
        if (figure.pass) passed++;
        else failed++;
        process.stdout.write(`${formatFigure(figure)}\n`);
      }
    } catch (error) {
      failed++;
      process.stdout.write(`${path.basename(file)}: ${error instanceof Error ? error.message : String(error)}  FAIL\n`);
    }
  }
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main();
