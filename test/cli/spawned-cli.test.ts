// The built command, run as a person runs it: `node bin/runtime.js validate` in a child process.
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { goldenText, readArgs, SCENARIOS_DIR } from './run-cli.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const BUILT_MAIN = path.join(REPO, 'dist/cli/main.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

describe('bin/runtime.js (spawned)', function () {
  before(function () {
    if (existsSync(BUILT_MAIN) && statSync(BUILT_MAIN).mtimeMs >= newestMtime(path.join(REPO, 'src'))) return;
    this.timeout(300_000); // a full tsc build, once
    // tsc still emits when some other file has a type error; the check below is what matters here.
    const build = spawnSync(process.execPath, [path.join(REPO, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
      cwd: REPO,
      encoding: 'utf8',
    });
    if (!existsSync(BUILT_MAIN)) throw new Error(`build produced no dist/cli/main.js:\n${build.stdout}${build.stderr}`);
  });

  it('validates a project and exits with the same output and code as in-process', async () => {
    const scenario = 'yaml-duplicate-key';
    const cwd = path.join(SCENARIOS_DIR, scenario);
    const child = await promisify(execFile)(process.execPath, [path.join(REPO, 'bin/runtime.js'), ...readArgs(scenario)], {
      cwd,
      env: { ...process.env, NO_COLOR: '1' },
    }).then(
      (r) => ({ stdout: r.stdout, stderr: r.stderr, exitCode: 0 }),
      (e: { stdout: string; stderr: string; code: number }) => ({ stdout: e.stdout, stderr: e.stderr, exitCode: e.code }),
    );
    expect(child.exitCode).to.equal(1);
    expect(goldenText(child)).to.equal(readFileSync(path.join(cwd, 'expected.txt'), 'utf8'));
  });
});
