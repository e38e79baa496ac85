import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { makeTempDataDir, type TempDataDir } from '../store/temp-data-dir.js';

const WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'crash-worker.ts');
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const KILL_AFTER_ACKS = 400;

/** Runs the worker until it acknowledged enough events, kills it with SIGKILL, and returns what it printed. */
function runAndKill(dir: string): Promise<{ acked: string[]; claimed: string[]; succeeded: string[]; signal: string | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER, dir], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines = { acked: [] as string[], claimed: [] as string[], succeeded: [] as string[] };
    let buffer = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffer += chunk;
      const complete = buffer.split('\n');
      buffer = complete.pop()!;
      for (const line of complete) {
        const [what, id] = line.split(' ') as [keyof typeof lines, string];
        lines[what].push(id);
      }
      if (lines.acked.length >= KILL_AFTER_ACKS && !child.killed) child.kill('SIGKILL');
    });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`worker ended with code ${code}: ${stderr.slice(0, 2000)}`));
      else resolve({ ...lines, signal });
    });
  });
}

describe('store events: a process killed mid-way', () => {
  let temp: TempDataDir;
  beforeEach(() => { temp = makeTempDataDir(); });
  afterEach(() => temp.cleanup());

  it('loses no acknowledged event and requeues the claimed unfinished ones', async () => {
    const printed = await runAndKill(temp.dir);
    expect(printed.acked.length).to.be.at.least(KILL_AFTER_ACKS);

    const store = temp.open();
    for (const id of printed.acked) expect(store.events.get(id), `acknowledged event ${id}`).to.not.equal(undefined);
    for (const id of printed.succeeded) expect(store.events.get(id)?.status).to.equal('succeeded');
    const succeeded = new Set(printed.succeeded);
    const unfinished = printed.claimed.filter((id) => !succeeded.has(id));
    for (const id of unfinished) expect(store.events.get(id)?.status).to.equal('running');

    const before = store.events.counts();
    expect(before.running).to.be.at.least(unfinished.length);
    expect(store.events.requeueRunning()).to.equal(before.running);
    const after = store.events.counts();
    expect(after).to.deep.equal({ pending: before.pending + before.running, running: 0, succeeded: before.succeeded, failed: 0 });

    // Every acknowledged event that did not succeed runs (again): at-least-once.
    const claimable = new Set<string>();
    for (let batch = store.events.claim('on_push', 500); batch.length > 0; batch = store.events.claim('on_push', 500)) {
      for (const e of batch) claimable.add(e.id);
    }
    expect(claimable.size).to.equal(after.pending);
    for (const id of printed.acked) expect(succeeded.has(id) || claimable.has(id), `event ${id} is runnable`).to.equal(true);
    for (const id of unfinished) expect(store.events.get(id)?.attempts).to.equal(2);
  });
});
