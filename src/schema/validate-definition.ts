// Schema validation of one definition file: every problem the schema finds, each as a diagnostic at the
// exact key or value in the YAML source. Reports all problems at once, never only the first.
import type { SourceFile } from '../source/source-file.js';
import { compareDiagnostics, type Diagnostic } from '../errors/diagnostic.js';
import { makeDiagnostic } from '../errors/codes.js';
import type { ValidateFunction } from 'ajv';
import { definitionValidator, type DefinitionKind } from './definition-schemas.js';
import { schemaErrorToProblem, type SchemaProblem } from './schema-error-to-problem.js';

/** Per file: enough to fix a broken file, and locating each one stays cheap on hostile input. */
export const MAX_SCHEMA_DIAGNOSTICS = 200;

export function validateDefinition(source: SourceFile, kind: DefinitionKind): Diagnostic[] {
  return validateWithSchema(source, definitionValidator(kind));
}

/** The same, against any compiled schema of the shared Ajv (connector test files and cassettes use it). */
export function validateWithSchema(source: SourceFile, validate: ValidateFunction): Diagnostic[] {
  // A file that did not parse has no value to check; its YAML diagnostics already say why.
  if (source.value === undefined) return [];
  if (validate(source.value)) return [];

  const problems: SchemaProblem[] = [];
  const seen = new Set<string>();
  for (const error of validate.errors ?? []) {
    const problem = schemaErrorToProblem(error, source.value);
    if (!problem) continue;
    const key = `${problem.code} ${JSON.stringify(problem.subject)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }

  // `methd: GET` is one typo, not also a missing `method`: keep only the unknown-key diagnostic.
  const suggestedAt = new Set(
    problems.filter((p) => p.suggested !== undefined).map((p) => JSON.stringify([...p.path.slice(0, -1), p.suggested])),
  );
  const kept = problems.filter((p) => !(p.code === 'DEF_MISSING_PROPERTY' && suggestedAt.has(JSON.stringify(p.subject))));

  const shown = kept.slice(0, MAX_SCHEMA_DIAGNOSTICS);
  const diagnostics = shown.map((p) => makeDiagnostic(p.code, p.message, source.file, source.locate(p.path, p.at), p.hint));
  if (kept.length > shown.length) {
    const more = kept.length - shown.length;
    diagnostics.push(
      makeDiagnostic('DEF_TOO_MANY_PROBLEMS', `${more} more schema problems in this file are not shown; fix the ones reported first`, source.file, source.locate([])),
    );
  }
  return diagnostics.sort(compareDiagnostics);
}
