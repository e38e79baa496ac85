// `runtime diff [base] [head]`: a classified, semantic diff of connector and flow definitions between two git
// revisions (default: the merge base with the main branch against the working tree).
import { Option } from 'commander';
import { LEVELS, reachesLevel, type Level } from '../../diff/change.js';
import { diffRevisions } from '../../diff/diff-revisions.js';
import { DIFF_FORMATS, diffFormatNamed } from '../../diff/diff-formats.js';
import { GitError } from '../../diff/git-command.js';
import { EXIT, type CliCommand } from '../cli-command.js';
import { colorAllowed } from '../cli-io.js';
import { projectRoot } from '../project-option.js';

interface DiffOptions {
  format: string;
  failOn: Level | 'none';
  baseBranch?: string;
  project?: string;
}

export const diffCommand: CliCommand = {
  register(program, context) {
    program
      .command('diff')
      .description('classify the changes to connectors and flows between two git revisions (breaking, risky, safe)')
      .argument('[base]', 'base revision (default: the merge base of HEAD and the main branch)')
      .argument('[head]', 'head revision (default: the working tree)')
      .addOption(new Option('--format <format>', 'output format').choices(DIFF_FORMATS.map((f) => f.name)).default('text'))
      .addOption(
        new Option('--fail-on <level>', 'exit 1 when a change at this level or above exists').choices([...LEVELS, 'none']).default('none'),
      )
      .option('--base-branch <branch>', 'branch whose merge base with HEAD is the default base (default: main, else master)')
      .action(async (base: string | undefined, head: string | undefined, _options: unknown, command) => {
        const { io } = context;
        const options = command.optsWithGlobals() as DiffOptions;
        let report;
        try {
          report = await diffRevisions({
            root: projectRoot(io, options.project),
            ...(base !== undefined && { base }),
            ...(head !== undefined && { head }),
            ...(options.baseBranch !== undefined && { baseBranch: options.baseBranch }),
          });
        } catch (e) {
          if (!(e instanceof GitError)) throw e;
          io.stderr(`error: ${e.message}\n`);
          context.exitCode = EXIT.usage;
          return;
        }
        const format = diffFormatNamed(options.format) ?? DIFF_FORMATS[0]!;
        io.stdout(format.render(report, { color: format.name === 'text' && colorAllowed(io) }));
        context.exitCode = options.failOn !== 'none' && reachesLevel(report.changes, options.failOn) ? EXIT.problems : EXIT.ok;
      });
  },
};
