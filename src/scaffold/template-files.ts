// Where the scaffolding templates are: templates/ at the package root, two levels above both src/scaffold/
// (tsx) and dist/scaffold/ (built), like schemas/.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const TEMPLATE_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));
export const SCHEMA_DIR = fileURLToPath(new URL('../../schemas/', import.meta.url));

export interface PlannedFile {
  /** Project-relative, forward slashes. */
  target: string;
  text: string;
}

export function readTemplate(name: string): string {
  return readFileSync(path.join(TEMPLATE_DIR, name), 'utf8');
}

/**
 * The files of a new project: templates/project/ (a `dot-` prefix becomes `.`, since npm drops `.gitignore`
 * files from packages) and the package's JSON Schemas under schemas/.
 */
export function projectTemplateFiles(): PlannedFile[] {
  const files: PlannedFile[] = [];
  const walk = (dir: string, rel: string[]) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const target = [...rel, entry.name.replace(/^dot-/, '.')];
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full, target);
      else if (entry.isFile()) files.push({ target: target.join('/'), text: readFileSync(full, 'utf8') });
    }
  };
  walk(path.join(TEMPLATE_DIR, 'project'), []);
  for (const name of readdirSync(SCHEMA_DIR).filter((n) => n.endsWith('.schema.json')).sort()) {
    files.push({ target: `schemas/${name}`, text: readFileSync(path.join(SCHEMA_DIR, name), 'utf8') });
  }
  return files.sort((a, b) => (a.target < b.target ? -1 : a.target > b.target ? 1 : 0));
}
