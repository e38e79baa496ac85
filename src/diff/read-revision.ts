// The definition files of a commit, read from git's object store (nothing is checked out): the same files a
// project load finds on disk, `*.yaml` / `*.yml` under connectors/ and flows/ of the project folder.
import { DEFAULT_SOURCE_LIMITS } from '../source/source-file.js';
import { DEFAULT_PROJECT_FOLDERS } from '../project/load-project.js';
import type { DefinitionText } from '../project/load-definition-texts.js';
import { DEFAULT_FIND_LIMITS } from '../project/find-definition-files.js';
import { catFileBatch, gitOutput } from './git-command.js';

const SKIPPED_FOLDERS = new Set(['node_modules', 'cassettes']);
const DEFINITION_FILE = /\.ya?ml$/i;
const TEST_CASE_FILE = /\.test\.ya?ml$/i;
/** Regular files only: links are not followed inside a revision, submodules are other repositories. */
const FILE_MODES = new Set(['100644', '100755']);

interface TreeEntry {
  path: string;
  id: string;
  size: number;
}

/** `dir` is the project folder inside the work tree; paths come back relative to it. */
export async function readRevisionDefinitions(dir: string, commit: string, maxBytes = DEFAULT_SOURCE_LIMITS.maxBytes): Promise<DefinitionText[]> {
  const listing = await gitOutput(dir, ['ls-tree', '-r', '-z', '-l', commit, '--', ...DEFAULT_PROJECT_FOLDERS]);
  const entries = parseTree(listing).filter((e) => isDefinitionPath(e.path));
  const texts: DefinitionText[] = [];
  const toRead: TreeEntry[] = [];
  for (const e of entries.slice(0, DEFAULT_FIND_LIMITS.maxFiles)) {
    if (e.size > maxBytes) texts.push({ file: e.path, problem: { code: 'YAML_TOO_LARGE', message: `file is larger than ${maxBytes} bytes` } });
    else toRead.push(e);
  }
  const budget = toRead.reduce((n, e) => n + e.size + 100, 0);
  const contents = await catFileBatch(dir, toRead.map((e) => e.id), budget);
  toRead.forEach((e, i) => {
    try {
      texts.push({ file: e.path, text: new TextDecoder('utf-8', { fatal: true }).decode(contents[i]) });
    } catch {
      texts.push({ file: e.path, problem: { code: 'FILE_UNREADABLE', message: 'the file is not UTF-8 text' } });
    }
  });
  return texts;
}

/** `<mode> <type> <id> <size>\t<path>\0` per entry. */
function parseTree(listing: Buffer): TreeEntry[] {
  const out: TreeEntry[] = [];
  for (const record of listing.toString('utf8').split('\0')) {
    const tab = record.indexOf('\t');
    if (tab < 0) continue;
    const [mode, type, id, size] = record.slice(0, tab).split(/\s+/);
    if (type !== 'blob' || !mode || !FILE_MODES.has(mode) || !id) continue;
    out.push({ path: record.slice(tab + 1), id, size: Number(size) });
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function isDefinitionPath(p: string): boolean {
  const parts = p.split('/');
  const name = parts[parts.length - 1] ?? '';
  const folders = parts.slice(1, -1);
  if (folders.length > DEFAULT_FIND_LIMITS.maxFolderDepth) return false;
  if (folders.some((f) => f.startsWith('.') || SKIPPED_FOLDERS.has(f))) return false;
  return DEFINITION_FILE.test(name) && !TEST_CASE_FILE.test(name);
}
