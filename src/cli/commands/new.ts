// `runtime new connector <name>` and `runtime new flow <name> [--connector c --card x]`: scaffold one
// documented, valid file in the project's connectors/ or flows/.
import path from 'node:path';
import type { Command } from 'commander';
import { reasonOf } from '../../project/find-definition-files.js';
import { projectConnectors } from '../../scaffold/project-connectors.js';
import { scaffoldConnector } from '../../scaffold/scaffold-connector.js';
import { scaffoldFlow, type CardUse } from '../../scaffold/scaffold-flow.js';
import { nameProblem } from '../../scaffold/scaffold-names.js';
import type { PlannedFile } from '../../scaffold/template-files.js';
import { writePlannedFiles, type WriteOutcome } from '../../scaffold/write-planned-files.js';
import { EXIT, type CliCommand, type CliContext } from '../cli-command.js';
import type { CliIo } from '../cli-io.js';
import { projectRoot } from '../project-option.js';

interface NewOptions {
  force?: boolean;
  project?: string;
  connector?: string;
  card?: string;
  connection?: string;
}

export const newCommand: CliCommand = {
  register(program, context) {
    const group = program.command('new').description('scaffold a documented connector or flow file').helpCommand(false);
    group
      .command('connector')
      .description('create connectors/<name>.yaml with one action and comments explaining each section')
      .argument('<name>', 'connector name: lowercase letters, digits, _ and -, starting with a letter')
      .option('--force', 'overwrite the file when it exists')
      .action((name: string, _options: unknown, command: Command) => newConnector(context, name, command.optsWithGlobals() as NewOptions));
    group
      .command('flow')
      .description('create flows/<name>.yaml; with --connector and --card, built around that card')
      .argument('<name>', 'flow name: lowercase letters, digits, _ and -, starting with a letter')
      .option('--connector <name>', 'a connector of the project')
      .option('--card <card>', "one of the connector's actions (called by the flow) or events (its trigger)")
      .option('--connection <name>', 'the stored connection the flow uses (default: the connector name)')
      .option('--force', 'overwrite the file when it exists')
      .action((name: string, _options: unknown, command: Command) => newFlow(context, name, command.optsWithGlobals() as NewOptions));
  },
};

async function newConnector(context: CliContext, name: string, options: NewOptions): Promise<void> {
  const { io } = context;
  if (usageProblem(context, nameProblem('connector', name))) return;
  const root = projectRoot(io, options.project);
  const existing = (await projectConnectors(root)).get(name);
  if (existing && !options.force) {
    io.stderr(`error: ${existing.file} already defines the connector '${name}'\n`);
    context.exitCode = EXIT.problems;
    return;
  }
  const target = `connectors/${name}.yaml`;
  await writeScaffold(context, root, { target, text: scaffoldConnector(name) }, options.force === true);
}

async function newFlow(context: CliContext, name: string, options: NewOptions): Promise<void> {
  const { io } = context;
  if (usageProblem(context, nameProblem('flow', name))) return;
  if ((options.connector === undefined) !== (options.card === undefined)) {
    usageProblem(context, '--connector and --card go together');
    return;
  }
  const connection = options.connection ?? options.connector;
  if (options.connector !== undefined && usageProblem(context, nameProblem('connector', options.connector))) return;
  if (options.card !== undefined && usageProblem(context, nameProblem('card', options.card))) return;
  if (connection !== undefined && usageProblem(context, nameProblem('connection', connection))) return;
  const root = projectRoot(io, options.project);
  let use: CardUse | undefined;
  if (options.connector !== undefined && options.card !== undefined && connection !== undefined) {
    const connector = (await projectConnectors(root)).get(options.connector);
    const card = connector?.cards.get(options.card);
    if (!connector || !card) {
      const known = connector ? [...connector.cards.keys()].join(', ') || 'none' : undefined;
      io.stderr(
        connector
          ? `error: the connector '${options.connector}' has no card '${options.card}' (its cards: ${known})\n`
          : `error: no connector named '${options.connector}' in ${inRoot(displayRoot(io, root), 'connectors/')}\n`,
      );
      context.exitCode = EXIT.problems;
      return;
    }
    use = { connector: options.connector, cardName: options.card, card, connection };
  }
  const target = `flows/${name}.yaml`;
  await writeScaffold(context, root, { target, text: scaffoldFlow(name, use) }, options.force === true);
}

async function writeScaffold(context: CliContext, root: string, file: PlannedFile, force: boolean): Promise<void> {
  const { io } = context;
  try {
    context.exitCode = reportWrite(io, await writePlannedFiles(root, [file], force), displayRoot(io, root));
  } catch (e) {
    io.stderr(`error: cannot write ${file.target}: ${reasonOf(e)}\n`);
    context.exitCode = EXIT.problems;
  }
}

/** Prints what was written (or what is in the way) and gives the exit code. */
export function reportWrite(io: CliIo, outcome: WriteOutcome, root: string): number {
  if ('existing' in outcome) {
    for (const file of outcome.existing) io.stderr(`error: ${inRoot(root, file)} already exists\n`);
    io.stderr('nothing was written; use --force to overwrite\n');
    return EXIT.problems;
  }
  for (const file of outcome.written) io.stdout(`created ${inRoot(root, file)}\n`);
  return EXIT.ok;
}

/** A project path as the person running the command sees it (relative to where they are). */
function inRoot(root: string, file: string): string {
  return root === '.' ? file : `${root}/${file}`;
}

function usageProblem(context: CliContext, problem: string | undefined): boolean {
  if (problem === undefined) return false;
  context.io.stderr(`error: ${problem}\n`);
  context.exitCode = EXIT.usage;
  return true;
}

function displayRoot(io: CliIo, root: string): string {
  return path.relative(io.cwd, root).split(path.sep).join('/') || '.';
}
