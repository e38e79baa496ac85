// The `runtime` command line. Commands only wire the loading and running sides to input and output;
// commander never exits the process: main() returns the exit code (0 ok, 1 problems found, 2 usage or internal error).
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { EXIT, type CliContext } from './cli-command.js';
import { processIo, type CliIo } from './cli-io.js';
import { COMMANDS } from './commands/command-list.js';
import { addProjectOption } from './project-option.js';

export async function main(argv: string[], io: Partial<CliIo> = {}): Promise<number> {
  const context: CliContext = { io: { ...processIo(), ...io }, exitCode: EXIT.ok };
  const program = buildProgram(context);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return context.exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end with code 0; every other commander exit is a usage error (already printed).
      return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    context.io.stderr(`internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT.usage;
  }
}

function buildProgram(context: CliContext): Command {
  const { io } = context;
  const program = new Command('runtime')
    .description('Run and check YAML-defined connectors and flows.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .helpCommand(false)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout(s),
      writeErr: (s) => io.stderr(s),
      // commander puts "(Did you mean ...?)" on a second line; usage errors stay on one line.
      outputError: (s, write) => write(`${s.trimEnd().replace(/\s*\n\s*/g, ' ')}\n`),
      getOutHelpWidth: () => 100,
      getErrHelpWidth: () => 100,
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    });
  addProjectOption(program);
  for (const command of COMMANDS) command.register(program, context);
  return program;
}

let version: string | undefined;

/** From package.json, two folders up both from src/cli/ (tsx) and from dist/cli/ (built). */
function packageVersion(): string {
  if (version === undefined) {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    version = pkg.version ?? '0.0.0';
  }
  return version;
}
