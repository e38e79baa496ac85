// How much does `runtime validate` cost on top of reading YAML? Generates 1,000 connector files of 20 cards,
// then times (a) `yaml.parse` of every file's text and (b) `loadProject` (read, parse with positions, schema
// validation, checks, compilation of every expression and template) of the same files. Target: b/a <= 4.
// Texts are read into memory before timing (a), which also leaves them in the OS page cache for (b).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { loadProject } from '../src/project/load-project.js';
import type { BenchFigure } from './figure.js';
import { generateConnectorProject } from './support/generate-connector-project.js';
import { median, timeMs } from './support/timing.js';
import { round2 } from './support/format-figure.js';
import { runAlone } from './support/run-alone.js';

const FILES = 1000;
const CARDS = 20;
const RUNS = 3;
const MAX_RATIO = 4;
// The whole project's model stays in memory while the runtime runs. After loading, this project's live heap is
// about 0.55 GiB (the model about 0.13 GiB, source files with positions about 0.4 GiB) and the bench runs at
// unchanged speed under --max-old-space-size=768 (peak RSS 0.85 GiB). Without a heap cap, on a machine with
// plenty of memory V8 defers collection and the high-water mark also holds garbage from the parse and load
// runs: 1.15-2.55 GiB measured. The target sits above that and below the 3.5 GiB of code that kept a parsed
// JSONata tree and a compiled Handlebars function per use (about 2.7 GiB live; out of memory at 1 GiB).
const MAX_RSS_MIB = 3072;

export async function run(): Promise<BenchFigure[]> {
  const root = await mkdtemp(path.join(tmpdir(), 'bench-validate-'));
  try {
    const project = await generateConnectorProject(root, FILES, CARDS);
    const texts = await Promise.all(project.files.map((f) => readFile(f, 'utf8')));

    const parseAll = async () => {
      for (const text of texts) parse(text);
    };
    let diagnostics = 0;
    let modelBuilt = false;
    const loadAll = async () => {
      const loaded = await loadProject(root);
      diagnostics = loaded.diagnostics.length;
      modelBuilt = loaded.model !== undefined && loaded.model.connectors.size === FILES;
    };

    // Warm up once on a tenth of the files (JIT, ajv's compiled validators, module loading), then take the
    // median of RUNS over all of them.
    const warmFiles = project.files.slice(0, Math.ceil(FILES / 10));
    for (const text of texts.slice(0, warmFiles.length)) parse(text);
    await loadProject(root, warmFiles);
    const parseTimes: number[] = [];
    const loadTimes: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      parseTimes.push(await timeMs(parseAll));
      loadTimes.push(await timeMs(loadAll));
    }
    const parseMs = median(parseTimes);
    const loadMs = median(loadTimes);
    const ratio = loadMs / parseMs;
    // maxRSS is in kibibytes: the process's high-water mark, reached while loadProject held a model.
    const peakMiB = process.resourceUsage().maxRSS / 1024;
    const mib = project.totalBytes / (1024 * 1024);

    return [
      { name: `yaml.parse ${FILES} files (${mib.toFixed(1)} MiB)`, measured: round2(parseMs), unit: 'ms', target: 'reference', pass: true },
      { name: `loadProject ${FILES} files x ${CARDS} cards`, measured: round2(loadMs), unit: 'ms', target: 'reference', pass: true },
      // A benchmark of an invalid project would measure the wrong thing: it must compile cleanly.
      { name: 'loadProject diagnostics', measured: diagnostics, unit: '', target: '0 and model', pass: diagnostics === 0 && modelBuilt },
      { name: 'validate / yaml.parse ratio', measured: round2(ratio), unit: 'x', target: `<= ${MAX_RATIO}x`, pass: ratio <= MAX_RATIO },
      { name: 'peak RSS', measured: Math.round(peakMiB), unit: 'MiB', target: `<= ${MAX_RSS_MIB} MiB`, pass: peakMiB <= MAX_RSS_MIB },
    ];
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

await runAlone(import.meta.url, run);
