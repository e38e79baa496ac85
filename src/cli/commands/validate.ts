// `runtime validate [paths...]`: load every definition, print all problems, exit 1 when any is an error.
import path from 'node:path';
import { Option } from 'commander';
import { hasErrors } from '../../errors/diagnostic.js';
import { loadProject, type LoadedProject } from '../../project/load-project.js';
import { EXIT, type CliCommand } from '../cli-command.js';
import { colorAllowed, type CliIo } from '../cli-io.js';
import { FORMATTERS } from '../format/format-list.js';
import { renderLoaded as renderLoadedIn } from '../format/render-loaded.js';
import { projectRoot } from '../project-option.js';

export const validateCommand: CliCommand = {
  register(program, context) {
    program
      .command('validate')
      .description('check connector and flow definitions; exit 1 when any has an error')
      .argument('[paths...]', 'files or folders to check (default: connectors/ and flows/ of the project)')
      .addOption(
        new Option('--format <format>', 'output format').choices(FORMATTERS.map((f) => f.name)).default('text'),
      )
      .action(async (paths: string[], _options: unknown, command) => {
        const { io } = context;
        const options = command.optsWithGlobals() as { format: string; project?: string };
        const root = projectRoot(io, options.project);
        // Paths on the command line are relative to where the command runs, like any shell argument.
        const targets = paths.length > 0 ? paths.map((p) => path.resolve(io.cwd, p)) : undefined;
        const loaded = await loadProject(root, targets);
        io.stdout(renderProblems(loaded, io, options.format));
        context.exitCode = hasErrors(loaded.diagnostics) ? EXIT.problems : EXIT.ok;
      });
  },
};

/** All problems of a loaded project in one of the formats; used by every command that loads definitions. */
export function renderProblems(loaded: LoadedProject, io: CliIo, format = 'text'): string {
  return renderLoadedIn(loaded, { format, color: colorAllowed(io) });
}
