// What the runtime command does around the diagnostics: help, version, colour, exit codes, internal errors.
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { main } from '../../src/cli/main.js';
import { runCli, SCENARIOS_DIR } from './run-cli.js';
import path from 'node:path';

const dirtyProject = path.join(SCENARIOS_DIR, 'yaml-duplicate-key');
const cleanProject = path.join(SCENARIOS_DIR, 'clean-project');

describe('runtime command', () => {
  it('prints help listing validate on stdout and exits 0', async () => {
    const run = await runCli(['--help'], cleanProject);
    expect(run.exitCode).to.equal(0);
    expect(run.stdout).to.match(/^Usage: runtime \[options\] \[command\]/);
    expect(run.stdout).to.match(/\n {2}validate \[options\] \[paths\.\.\.\]/);
    expect(run.stderr).to.equal('');
  });

  it('prints the version from package.json and exits 0', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const run = await runCli(['--version'], cleanProject);
    expect(run).to.deep.equal({ stdout: `${pkg.version}\n`, stderr: '', exitCode: 0 });
  });

  it('shows help on stderr and exits 2 when no command is given', async () => {
    const run = await runCli([], cleanProject);
    expect(run.exitCode).to.equal(2);
    expect(run.stdout).to.equal('');
    expect(run.stderr).to.contain('Usage: runtime');
  });

  it('keeps a usage error with a suggestion on one line', async () => {
    const run = await runCli(['validate', '--formt', 'json'], cleanProject);
    expect(run).to.deep.equal({ stdout: '', stderr: "error: unknown option '--formt' (Did you mean --format?)\n", exitCode: 2 });
  });

  it('colours text output on a terminal', async () => {
    const run = await runCli(['validate'], dirtyProject, { stdoutIsTTY: true });
    expect(run.exitCode).to.equal(1);
    expect(run.stdout).to.contain('\x1b[31merror\x1b[39m');
    expect(run.stdout).to.contain('\x1b[31m✖ 1 error in 1 file\x1b[39m');
  });

  it('does not colour when NO_COLOR is set, nor in json output', async () => {
    const noColor = await runCli(['validate'], dirtyProject, { stdoutIsTTY: true, env: { NO_COLOR: '1' } });
    const json = await runCli(['validate', '--format', 'json'], dirtyProject, { stdoutIsTTY: true });
    expect(noColor.stdout).to.not.contain('\x1b[');
    expect(noColor.stdout).to.contain('error  YAML_DUPLICATE_KEY');
    expect(json.stdout).to.not.contain('\x1b[');
    expect(JSON.parse(json.stdout).summary).to.deep.equal({ files: 1, errors: 1, warnings: 0, filesWithProblems: 1 });
  });

  it('reports an unexpected exception as an internal error with exit code 2', async () => {
    let stderr = '';
    const code = await main(['validate'], {
      cwd: cleanProject,
      env: {},
      stdoutIsTTY: false,
      stdout: () => {
        throw new Error('stdout closed');
      },
      stderr: (s) => {
        stderr += s;
      },
    });
    expect(code).to.equal(2);
    expect(stderr).to.equal('internal error: stdout closed\n');
  });
});
