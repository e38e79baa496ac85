// `runtime diff` without the printing: resolve the two revisions, load each side's definitions (from git's
// object store, or the working tree from disk) and compare them.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { loadDefinitionTexts } from '../project/load-definition-texts.js';
import { loadProject } from '../project/load-project.js';
import type { DiffReport } from './change.js';
import { compileBestEffort } from './compile-best-effort.js';
import { diffSides, summarizeSide, type DiffSide } from './diff-sides.js';
import { GitError } from './git-command.js';
import { defaultBase, ensureWorkTree, resolveRevision, type ResolvedRevision } from './git-revisions.js';
import { readRevisionDefinitions } from './read-revision.js';

export interface DiffRequest {
  /** The project folder (holding connectors/ and flows/), inside a git work tree. */
  root: string;
  /** Default: the merge base of HEAD and the base branch. */
  base?: string;
  /** Default: the working tree. */
  head?: string;
  /** Default: `main`, else `master`. */
  baseBranch?: string;
}

/** Throws GitError for a folder outside git, an unknown revision or a missing base branch. */
export async function diffRevisions(request: DiffRequest): Promise<DiffReport> {
  const root = path.resolve(request.root);
  if (!(await isFolder(root))) throw new GitError(`project folder ${root} does not exist`, 'not-a-repository');
  await ensureWorkTree(root);
  const base = request.base !== undefined ? await resolveRevision(root, request.base) : await defaultBase(root, request.baseBranch);
  const head = request.head !== undefined ? await resolveRevision(root, request.head) : undefined;
  const baseSide = await revisionSide(root, base);
  const headSide = head ? await revisionSide(root, head) : await workingTreeSide(root);
  return diffSides(baseSide, headSide);
}

async function revisionSide(root: string, revision: ResolvedRevision): Promise<DiffSide> {
  const texts = await readRevisionDefinitions(root, revision.commit);
  const loaded = loadDefinitionTexts(root, texts);
  return { summary: summarizeSide(revision, loaded.diagnostics), definitions: compileBestEffort(root, loaded.sources) };
}

async function workingTreeSide(root: string): Promise<DiffSide> {
  const loaded = await loadProject(root);
  return { summary: summarizeSide({ label: 'working tree' }, loaded.diagnostics), definitions: compileBestEffort(root, loaded.sources) };
}

async function isFolder(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}
