// `runtime fmt [paths...] [--check]`: lays definition and connector test files out in the canonical layout,
// keeping comments; `--check` only reports (exit 1 when a file would change), for CI.
import path from 'node:path';
import { formatFiles } from '../../format/format-files.js';
import { formatFailed, renderFormatReport } from '../../format/render-format-report.js';
import { EXIT, type CliCommand } from '../cli-command.js';
import { colorAllowed } from '../cli-io.js';
import { projectRoot } from '../project-option.js';

export const fmtCommand: CliCommand = {
  register(program, context) {
    program
      .command('fmt')
      .description('write connector, flow and test files in the canonical layout, keeping comments')
      .argument('[paths...]', 'files or folders to format (default: connectors/ and flows/ of the project)')
      .option('--check', 'write nothing; list the files that would change and exit 1 when there are any')
      .action(async (paths: string[], _options: unknown, command) => {
        const { io } = context;
        const options = command.optsWithGlobals() as { check?: boolean; project?: string };
        const check = options.check === true;
        const report = await formatFiles({
          root: projectRoot(io, options.project),
          paths: paths.map((p) => path.resolve(io.cwd, p)),
          write: !check,
        });
        io.stdout(renderFormatReport(report, { check, color: colorAllowed(io) }));
        context.exitCode = formatFailed(report, check) ? EXIT.problems : EXIT.ok;
      });
  },
};
