// Handlebars templates are parsed, checked and compiled at load time, so every syntax error and unknown
// helper is found before anything runs; problems carry an offset inside the template text.
import type { Origin, Template } from '../model/model.js';
import { CompiledTemplate, LiteralTemplate } from './compiled-template.js';
import { COMPILE_OPTIONS, DEFAULT_RENDER_LIMITS, RUNTIME_OPTIONS, templateEnvironment, withRenderBudget } from './template-environment.js';
import { checkHelpers } from './template-helper-check.js';
import { compileProblem, parseProblem } from './template-syntax-problem.js';
import type { TemplateProblem } from './template-syntax-problem.js';
import { singleMustacheReader } from './single-mustache-value.js';
import { referencesInProgram } from './template-references.js';
import type { TemplateReference } from './template-references.js';

export type { TemplateProblem } from './template-syntax-problem.js';
export type { TemplateReference } from './template-references.js';
export { TEMPLATE_HELPERS } from './template-helpers.js';
export { compileTemplateValue, renderTemplateValue } from './template-value.js';

export type CompileTemplateResult = { ok: true; template: Template } | { ok: false; problem: TemplateProblem };

export function compileTemplate(source: string, origin: Origin): CompileTemplateResult {
  if (typeof source !== 'string') return { ok: false, problem: { offset: 0, length: 1, message: 'a template must be text', code: 'TPL_SYNTAX' } };
  if (!source.includes('{{')) return { ok: true, template: new LiteralTemplate(source, origin) };

  let program: hbs.AST.Program;
  try {
    program = templateEnvironment.parseWithoutProcessing(source);
  } catch (err) {
    return { ok: false, problem: parseProblem(source, err) };
  }
  const helperProblem = checkHelpers(source, program);
  if (helperProblem) return { ok: false, problem: helperProblem };

  // Read before compiling: compilation applies whitespace control to the tree in place.
  const reader = singleMustacheReader(program);
  let compiled: HandlebarsTemplateDelegate;
  try {
    compiled = templateEnvironment.compile(program, COMPILE_OPTIONS);
    // Handlebars compiles lazily on first call: run once on nothing so compile errors surface now.
    withRenderBudget(DEFAULT_RENDER_LIMITS, () => compiled({}, RUNTIME_OPTIONS));
  } catch (err) {
    return { ok: false, problem: compileProblem(source, err) };
  }
  return { ok: true, template: new CompiledTemplate(source, origin, program, compiled, reader) };
}

/** Scope paths the template reads, with the offset of each path in the template text. */
export function templateReferences(t: Template): TemplateReference[] {
  if (t.isLiteral) return [];
  if (t instanceof CompiledTemplate) return referencesInProgram(t.source, t.program);
  try {
    return referencesInProgram(t.source, templateEnvironment.parseWithoutProcessing(t.source));
  } catch {
    return [];
  }
}
