// Handlebars templates are parsed and checked at load time, so every syntax error and unknown helper is found
// before anything runs; problems carry an offset inside the template text. The JavaScript Handlebars
// generates is built on first render and shared by every use of the same text (see shared-template.ts).
import type { Origin, Template } from '../model/model.js';
import { CompiledTemplate, LiteralTemplate } from './compiled-template.js';
import { sharedTemplate, SharedTemplate } from './shared-template.js';
import { templateEnvironment } from './template-environment.js';
import type { TemplateProblem } from './template-syntax-problem.js';
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
  const shared = sharedTemplate(source);
  if (!(shared instanceof SharedTemplate)) return { ok: false, problem: shared };
  return { ok: true, template: new CompiledTemplate(origin, shared) };
}

/** Scope paths the template reads, with the offset of each path in the template text. */
export function templateReferences(t: Template): readonly TemplateReference[] {
  if (t.isLiteral) return [];
  if (t instanceof CompiledTemplate) return t.references();
  try {
    return referencesInProgram(t.source, templateEnvironment.parseWithoutProcessing(t.source));
  } catch {
    return [];
  }
}
