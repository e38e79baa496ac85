// The one registry of diagnostic codes. docs/errors.md documents each; a test keeps the two in sync.
import type { Diagnostic, Severity } from './diagnostic.js';

export const DIAGNOSTIC_CODES = {
  FILE_UNREADABLE: 'The file or folder could not be read.',
  FILE_UNKNOWN_KIND: 'The file has no `kind: connector` or `kind: flow`, so it is not known what it defines.',
  YAML_SYNTAX: 'The text is not valid YAML.',
  YAML_DUPLICATE_KEY: 'A key appears twice in one map; YAML would silently keep only one value.',
  YAML_FORBIDDEN_KEY: 'The keys `__proto__`, `constructor` and `prototype` are refused: they can alter objects in the runtime.',
  YAML_CUSTOM_TAG: 'A custom tag (`!foo`) or binary value was used; definitions use plain YAML only.',
  YAML_MERGE_KEY: 'A merge key (`<<`) was used; write the keys out so reviews see every value.',
  YAML_ALIAS_LIMIT: 'Aliases expand to more values than the limit (an "alias bomb").',
  YAML_TOO_DEEP: 'Nesting is deeper than the limit.',
  YAML_TOO_LARGE: 'The file is larger, or holds more values, than the limit.',
  YAML_MULTI_DOCUMENT: 'The file holds more than one YAML document.',
  DEF_UNKNOWN_PROPERTY: 'A key the schema does not know: usually a typo; the nearest valid key is suggested.',
  DEF_MISSING_PROPERTY: 'A required key is missing.',
  DEF_TYPE: 'A value has the wrong type (e.g. a list where a map is expected).',
  DEF_INVALID_VALUE: 'A value is not one of the allowed values or does not have the required form.',
  DEF_TOO_MANY_PROBLEMS: 'The schema found more problems than are shown for one file; fix the ones shown first.',
  DEF_STEP_KIND: 'A step must have exactly one kind key (request, map, set, call, forEach, if, try, return, raise, code, action).',
  DEF_DUPLICATE_NAME: 'Two things in one scope have the same name.',
  DEF_DUPLICATE_FILE: 'Two files define a connector or flow of the same name.',
  DEF_CONFLICT: 'Two settings that cannot be used together, or one that needs another.',
  DEF_SECRET_EXPOSED: 'A secret connection field is read outside the auth templates (a warning: steps never see secrets).',
  REF_UNKNOWN_CONNECTOR: 'A flow names a connector that no file defines.',
  REF_UNKNOWN_CARD: 'A card (action or event) that the connector does not define.',
  REF_UNKNOWN_FLOW: 'A `call` names no helper or action of the connector.',
  REF_UNKNOWN_STEP: 'An expression reads `steps.<id>` of no earlier step.',
  REF_UNKNOWN_FIELD: 'A template or expression reads a connection field, input or option that is not declared.',
  REF_UNKNOWN_INPUT: 'A mapping sets an input the card does not declare.',
  REF_UNKNOWN_OPTION: 'A flow sets an option the card does not declare.',
  REF_MISSING_INPUT: 'A required input of a used card is not mapped.',
  REF_UNKNOWN_MODULE: 'A `code` step names a module file that does not exist in the project.',
  REF_MISSING_OPTION: 'A required option of a used card is not set.',
  REF_INVALID_OPTION: 'An option value is not one of its choices or has the wrong type.',
  EXPR_SYNTAX: 'A JSONata expression does not compile.',
  EXPR_TOO_LONG: 'A JSONata expression is longer than the limit.',
  EXPR_REGEX_UNSAFE: 'A regular expression in an expression can backtrack exponentially: a short hostile input would hang the runtime.',
  EXPR_REGEX_SLOW: 'A regular expression can take polynomial time (a warning): a long hostile input makes it slow.',
  EXPR_EVAL: 'An expression calls `$eval`, which would run data as an expression beyond every load-time check.',
  TPL_SYNTAX: 'A Handlebars template does not compile.',
  TPL_UNKNOWN_HELPER: 'A template uses a helper that does not exist.',
  CRON_INVALID: 'A cron expression is not valid.',
  TZ_INVALID: 'A time zone name is not known.',
  DURATION_INVALID: 'A duration is not of the form 500ms, 30s, 5m, 2h or 7d.',
  FMT_NOT_PRESERVED: '`runtime fmt` could not lay the file out without changing a value or losing a comment, so it left the file alone.',
} as const;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

export function makeDiagnostic(
  code: string,
  message: string,
  file: string,
  pos: { line: number; column: number; length: number },
  hint?: string,
  severity: Severity = 'error',
): Diagnostic {
  if (!(code in DIAGNOSTIC_CODES)) throw new Error(`unregistered diagnostic code ${code}`);
  const d: Diagnostic = { code, severity, message, file, line: pos.line, column: pos.column, length: pos.length };
  if (hint) d.hint = hint;
  return d;
}
