// Builds definition files from YAML text or a fixture folder, compiles them, and renders diagnostics as
// the golden lines the tests compare: `file:line:column code message`.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileProject, type CompileResult, type DefinitionFile } from '../../src/compile/compile-project.js';
import type { Diagnostic } from '../../src/errors/diagnostic.js';
import { SourceFile } from '../../src/source/source-file.js';

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/compile');

/** One file per entry: repository-relative path -> YAML text. The kind is read from the text. */
export function definitionFiles(files: Record<string, string>, invalid: readonly string[] = []): DefinitionFile[] {
  return Object.entries(files).map(([file, text]) => {
    const source = new SourceFile(file, text);
    if (source.diagnostics.length > 0) throw new Error(`fixture ${file} is not valid YAML: ${source.diagnostics[0]!.message}`);
    const kind = /^kind:\s*flow\s*$/m.test(text) ? 'flow' : 'connector';
    return { source, kind, schemaValid: !invalid.includes(file) };
  });
}

export function compileTexts(files: Record<string, string>, options: { root?: string; invalid?: readonly string[] } = {}): CompileResult {
  return compileProject(options.root ?? FIXTURES, definitionFiles(files, options.invalid));
}

/** The YAML files of a fixture folder's `connectors/` and `flows/`. */
export function fixtureTexts(folder: string): Record<string, string> {
  const root = path.join(FIXTURES, folder);
  const out: Record<string, string> = {};
  for (const sub of ['connectors', 'flows']) {
    let names: string[] = [];
    try {
      names = readdirSync(path.join(root, sub)).filter((n) => n.endsWith('.yaml')).sort();
    } catch {
      continue;
    }
    for (const name of names) out[`${sub}/${name}`] = readFileSync(path.join(root, sub, name), 'utf8');
  }
  return out;
}

export function golden(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`);
}

/** Golden lines of a project made of one connector and/or flows. */
export function problemsOf(files: Record<string, string>, options: { root?: string; invalid?: readonly string[] } = {}): string[] {
  return golden(compileTexts(files, options).diagnostics);
}

/** Template tag for YAML in tests: drops the first newline and the common indentation, so line 1 is the first line. */
export function yaml(strings: TemplateStringsArray, ...values: unknown[]): string {
  const text = strings.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ''), '').replace(/^\n/, '');
  const lines = text.split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n').replace(/[ ]+$/, '');
}
