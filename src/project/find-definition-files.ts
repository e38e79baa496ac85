// Finds the YAML definition files under the folders and files a project (or a command line) names.
import { lstat, readdir, stat } from 'node:fs/promises';
import path from 'node:path';

/** Folders never searched: tool state, dependencies, and recorded HTTP exchanges of connector tests. */
const SKIPPED_FOLDERS = new Set(['node_modules', 'cassettes']);
const DEFINITION_FILE = /\.ya?ml$/i;
/** Connector test cases live next to definitions but are not definitions. */
const TEST_CASE_FILE = /\.test\.ya?ml$/i;

export interface FindLimits {
  /** Stops a runaway search (a huge or hostile tree); the rest is reported, not silently dropped. */
  maxFiles: number;
  maxFolderDepth: number;
}

// 10,000 polling flows (issue 4's scale) plus their connectors must fit, with room to grow.
export const DEFAULT_FIND_LIMITS: FindLimits = Object.freeze({ maxFiles: 20_000, maxFolderDepth: 32 });

export interface FindOptions {
  /** Also take `*.test.yaml` files found in folders (`runtime fmt` lays them out too). */
  includeTestCases?: boolean;
}

export interface FoundFiles {
  /** Absolute paths, sorted, without duplicates. */
  files: string[];
  /** Given paths that do not exist or cannot be read, with the reason. */
  unreadable: { path: string; reason: string }[];
}

/**
 * `explicit` paths must exist; `optional` ones (the default `connectors/` and `flows/`) may be missing.
 * A file named explicitly is taken whatever its name; folders are searched for `*.yaml` / `*.yml`.
 */
export async function findDefinitionFiles(
  explicit: readonly string[],
  optional: readonly string[],
  limits: FindLimits = DEFAULT_FIND_LIMITS,
  options: FindOptions = {},
): Promise<FoundFiles> {
  const found = new Set<string>();
  const unreadable: FoundFiles['unreadable'] = [];

  const walk = async (dir: string, depth: number): Promise<void> => {
    if (depth > limits.maxFolderDepth) {
      unreadable.push({ path: dir, reason: `folders nested deeper than ${limits.maxFolderDepth} levels are not searched` });
      return;
    }
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (e) {
      unreadable.push({ path: dir, reason: reasonOf(e) });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name.startsWith('.') || SKIPPED_FOLDERS.has(entry.name)) continue;
        await walk(full, depth + 1);
      } else if ((entry.isFile() || entry.isSymbolicLink()) && isDefinitionName(entry.name, options)) {
        // Symbolic links to files are followed; links to folders are not (they could loop).
        if (entry.isSymbolicLink() && !(await isFile(full))) continue;
        if (found.size >= limits.maxFiles) {
          unreadable.push({ path: dir, reason: `more than ${limits.maxFiles} definition files; the rest were not read` });
          return;
        }
        found.add(full);
      }
    }
  };

  const visit = async (target: string, required: boolean): Promise<void> => {
    let info;
    try {
      info = await lstat(target);
      if (info.isSymbolicLink()) info = await stat(target);
    } catch (e) {
      if (required) unreadable.push({ path: target, reason: reasonOf(e) });
      return;
    }
    if (info.isDirectory()) await walk(target, 0);
    else if (info.isFile()) found.add(target);
    else if (required) unreadable.push({ path: target, reason: 'not a file or folder' });
  };

  for (const p of explicit) await visit(p, true);
  for (const p of optional) await visit(p, false);
  return { files: [...found].sort(), unreadable };
}

function isDefinitionName(name: string, options: FindOptions): boolean {
  return DEFINITION_FILE.test(name) && (options.includeTestCases === true || !TEST_CASE_FILE.test(name));
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}

/** A short reason without the absolute path that Node puts in its messages. */
export function reasonOf(e: unknown): string {
  const code = (e as { code?: string } | null)?.code;
  switch (code) {
    case 'ENOENT': return 'no such file or folder';
    case 'EACCES':
    case 'EPERM': return 'permission denied';
    case 'ENOTDIR': return 'a part of the path is not a folder';
    case 'EISDIR': return 'is a folder';
    case 'ELOOP': return 'too many symbolic links';
    default: return code ? `cannot be read (${code})` : 'cannot be read';
  }
}
