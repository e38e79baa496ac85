// `runtime init [dir]`: creates a project in dir (default: the project folder); refuses to overwrite files.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { reasonOf } from '../../project/find-definition-files.js';
import { initProject } from '../../scaffold/init-project.js';
import { EXIT, type CliCommand } from '../cli-command.js';
import { projectRoot } from '../project-option.js';
import { reportWrite } from './new.js';

export const initCommand: CliCommand = {
  register(program, context) {
    program
      .command('init')
      .description('create a project: connectors/, flows/, an example connector and flow, schemas, editor settings')
      .argument('[dir]', 'folder of the new project, created when missing (default: the project folder)')
      .option('--force', 'overwrite files that already exist')
      .action(async (dir: string | undefined, _options: unknown, command) => {
        const { io } = context;
        const options = command.optsWithGlobals() as { force?: boolean; project?: string };
        const root = dir !== undefined ? path.resolve(io.cwd, dir) : projectRoot(io, options.project);
        const shown = path.relative(io.cwd, root).split(path.sep).join('/') || '.';
        if (existsSync(root) && !statSync(root).isDirectory()) {
          io.stderr(`error: ${shown} exists and is not a folder\n`);
          context.exitCode = EXIT.problems;
          return;
        }
        let outcome;
        try {
          outcome = await initProject(root, options.force === true);
        } catch (e) {
          io.stderr(`error: cannot create the project in ${shown}: ${reasonOf(e)}\n`);
          context.exitCode = EXIT.problems;
          return;
        }
        context.exitCode = reportWrite(io, outcome, shown);
        if (context.exitCode === EXIT.ok) {
          io.stdout('next: runtime validate, runtime test, and see README.md\n');
        }
      });
  },
};
