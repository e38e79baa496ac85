// Compiles every connector and flow file on its own, also when the project as a whole has errors: a diff must
// still compare a revision whose flows use a card that was just removed, or whose file misses a key.
// The compiler reads untrusted shapes as absent, so a schema-invalid file yields what it can; problems found
// here are not reported again (the side's diagnostics come from the loader).
import path from 'node:path';
import { buildNameIndex } from '../check/name-index.js';
import { CompileContext, type CompileSink } from '../compile/compile-context.js';
import { compileConnector } from '../compile/compile-connector.js';
import { compileFlow } from '../compile/compile-flow.js';
import type { DefinitionFile } from '../compile/compile-project.js';
import { isRecord } from '../compile/plain-data.js';
import type { Connector, UserFlow } from '../model/model.js';
import { detectKind } from '../project/detect-kind.js';
import type { SourceFile } from '../source/source-file.js';

export interface DefinitionSet {
  /** By name; with two files of one name, the first by path. */
  readonly connectors: ReadonlyMap<string, Connector>;
  readonly flows: ReadonlyMap<string, UserFlow>;
  /** Files that were read but define nothing usable: YAML errors, no `kind`, no `name`. */
  readonly unusable: ReadonlySet<string>;
}

export function compileBestEffort(root: string, sources: ReadonlyMap<string, SourceFile>): DefinitionSet {
  const absRoot = path.resolve(root);
  const unusable = new Set<string>();
  const files: DefinitionFile[] = [];
  for (const source of [...sources.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))) {
    const kind = detectKind(source);
    const value = source.value;
    if ('diagnostic' in kind || !isRecord(value) || typeof value.name !== 'string' || value.name === '') {
      unusable.add(source.file);
      continue;
    }
    files.push({ source, kind: kind.kind, schemaValid: true });
  }

  const names = buildNameIndex(files);
  const connectors = new Map<string, Connector>();
  const flows = new Map<string, UserFlow>();
  for (const f of files) {
    const sink: CompileSink = { diagnostics: [], sites: [] };
    const ctx = new CompileContext(absRoot, f.source, sink);
    try {
      if (f.kind === 'connector') {
        const c = compileConnector(ctx);
        if (!connectors.has(c.name)) connectors.set(c.name, c);
      } else {
        const flow = compileFlow(ctx, names);
        if (!flows.has(flow.name)) flows.set(flow.name, flow);
      }
    } catch {
      // A shape the compiler did not foresee; the loader's diagnostics already say what is wrong with it.
      unusable.add(f.source.file);
    }
  }
  return { connectors, flows, unusable };
}
