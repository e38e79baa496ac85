// A loaded project's (or test files') problems in one of the formats, with code frames from the parsed sources.
import type { Diagnostic } from '../../errors/diagnostic.js';
import type { SourceFile } from '../../source/source-file.js';
import { FORMATTERS, formatterNamed } from './format-list.js';

export interface LoadedDiagnostics {
  readonly diagnostics: readonly Diagnostic[];
  readonly files: readonly string[];
  readonly sources: ReadonlyMap<string, SourceFile>;
}

export function renderLoaded(loaded: LoadedDiagnostics, options: { format?: string; color?: boolean } = {}): string {
  const formatter = formatterNamed(options.format ?? 'text') ?? FORMATTERS[0];
  return formatter.render(
    {
      diagnostics: loaded.diagnostics as Diagnostic[],
      fileCount: loaded.files.length,
      lineText: (file, line) => {
        const source = loaded.sources.get(file);
        return source && line >= 1 && line <= lineCount(source.text) ? source.lineText(line) : undefined;
      },
    },
    { color: formatter.name === 'text' && options.color === true },
  );
}

function lineCount(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
