// Which commits to compare: a revision named on the command line, or by default the merge base of HEAD and
// the main branch (`main`, else `master`, else their `origin/` copies, or the branch given).
import { GitError, runGit } from './git-command.js';

export interface ResolvedRevision {
  /** Full commit id. */
  commit: string;
  /** For people: `HEAD~1 (1a2b3c4)`, `merge base with main (1a2b3c4)`. */
  label: string;
  /** As given on the command line; absent for the default base. */
  revision?: string;
}

const DEFAULT_BRANCHES = ['main', 'master', 'origin/main', 'origin/master'];

/** Fails unless `dir` is inside a git work tree. */
export async function ensureWorkTree(dir: string): Promise<void> {
  const result = await runGit(dir, ['rev-parse', '--is-inside-work-tree']);
  if (!result.ok || result.stdout.toString('utf8').trim() !== 'true') {
    throw new GitError(`${dir} is not inside a git repository (runtime diff compares git revisions)`, 'not-a-repository');
  }
}

export async function resolveRevision(dir: string, revision: string): Promise<ResolvedRevision> {
  const commit = await commitOf(dir, revision);
  if (!commit) throw new GitError(`unknown revision '${printable(revision)}'`, 'unknown-revision');
  // A commit id names itself; a branch, tag or expression is shown with the commit it resolved to.
  const label = /^[0-9a-f]{4,64}$/.test(revision) && commit.startsWith(revision) ? commit.slice(0, 7) : `${printable(revision)} (${commit.slice(0, 7)})`;
  return { commit, label, revision };
}

export async function defaultBase(dir: string, baseBranch?: string): Promise<ResolvedRevision> {
  const head = await commitOf(dir, 'HEAD');
  if (!head) throw new GitError('the repository has no commits yet: there is nothing to compare with', 'unknown-revision');
  const candidates = baseBranch !== undefined ? [baseBranch] : DEFAULT_BRANCHES;
  for (const branch of candidates) {
    const tip = await commitOf(dir, branch);
    if (!tip) continue;
    const result = await runGit(dir, ['merge-base', head, tip]);
    const commit = result.ok ? result.stdout.toString('utf8').trim() : '';
    if (!/^[0-9a-f]{40,64}$/.test(commit)) {
      throw new GitError(`HEAD and ${printable(branch)} have no common ancestor: name the base revision`, 'unknown-revision');
    }
    return { commit, label: `merge base with ${printable(branch)} (${commit.slice(0, 7)})` };
  }
  if (baseBranch !== undefined) throw new GitError(`unknown base branch '${printable(baseBranch)}'`, 'no-base-branch');
  throw new GitError("no branch 'main' or 'master' to compare with: name the base revision or use --base-branch", 'no-base-branch');
}

/** The commit a revision names, or undefined. A leading `-` is refused: it would be read as an option. */
async function commitOf(dir: string, revision: string): Promise<string | undefined> {
  if (revision === '' || revision.startsWith('-') || revision.length > 1000 || /[\u0000-\u001f]/.test(revision)) return undefined;
  const result = await runGit(dir, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${revision}^{commit}`]);
  if (!result.ok) return undefined;
  const commit = result.stdout.toString('utf8').trim();
  return /^[0-9a-f]{40,64}$/.test(commit) ? commit : undefined;
}

/** Revision names come from the command line: keep terminal control characters out of messages. */
function printable(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?').slice(0, 200);
}
