// The loading side's last stage: schema-valid definition files -> compiled model, with the semantic checks
// (src/check/) run over the same files. All problems of all files are collected; the model is returned only
// when none of them is an error, and it is deep-frozen.
import path from 'node:path';
import { runChecks } from '../check/index.js';
import { buildNameIndex } from '../check/name-index.js';
import { compareDiagnostics, hasErrors, type Diagnostic } from '../errors/diagnostic.js';
import type { Connector, ProjectModel, UserFlow } from '../model/model.js';
import type { SourceFile } from '../source/source-file.js';
import { CompileContext, type CompileSink } from './compile-context.js';
import { compileConnector } from './compile-connector.js';
import { compileFlow } from './compile-flow.js';
import { deepFreeze, FrozenMap } from './freeze-model.js';
import { isRecord } from './plain-data.js';

export interface DefinitionFile {
  source: SourceFile;
  kind: 'connector' | 'flow';
  schemaValid: boolean;
}

export interface CompileResult {
  model?: ProjectModel;
  /** Sorted by file, line, column. */
  diagnostics: Diagnostic[];
}

export function compileProject(root: string, files: readonly DefinitionFile[]): CompileResult {
  const absRoot = path.resolve(root);
  const sink: CompileSink = { diagnostics: [], sites: [] };
  const names = buildNameIndex(files);
  const valid = files
    .filter((f) => f.schemaValid && isRecord(f.source.value))
    .sort((a, b) => a.source.file.localeCompare(b.source.file));

  const connectors: Connector[] = [];
  const flows: UserFlow[] = [];
  for (const f of valid) {
    const ctx = new CompileContext(absRoot, f.source, sink);
    if (f.kind === 'connector') connectors.push(compileConnector(ctx));
    else flows.push(compileFlow(ctx, names));
  }

  runChecks({ root: absRoot, files, names, sites: sink.sites, diagnostics: sink.diagnostics });
  const diagnostics = sink.diagnostics.sort(compareDiagnostics);
  if (hasErrors(diagnostics)) return { diagnostics };
  const model: ProjectModel = {
    root: absRoot,
    connectors: new FrozenMap(connectors.map((c) => [c.name, c] as const)),
    flows: new FrozenMap(flows.map((f) => [f.name, f] as const)),
  };
  return { model: deepFreeze(model), diagnostics };
}
