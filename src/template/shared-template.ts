// What one template text yields, shared by every place that uses the same text: the scope references
// load-time checks read, the direct reader of a single-mustache template, and the Handlebars function, built on
// first render. A loaded project holds thousands of templates of which a run renders few; an unrendered one
// costs its references, not a generated and compiled JavaScript function (about 11 KiB).
import type { Scope } from '../model/model.js';
import { COMPILE_OPTIONS, RUNTIME_OPTIONS, checkCompiles, templateEnvironment } from './template-environment.js';
import { checkHelpers } from './template-helper-check.js';
import { referencesInProgram } from './template-references.js';
import type { TemplateReference } from './template-references.js';
import { compileProblem, parseProblem } from './template-syntax-problem.js';
import type { TemplateProblem } from './template-syntax-problem.js';
import { singleMustacheReader } from './single-mustache-value.js';
import type { ValueReader } from './single-mustache-value.js';
import { WeakValueCache } from '../expr/weak-value-cache.js';

type RenderFunction = (scope: Scope) => string;

export class SharedTemplate {
  // Private fields stay writable when the model holding this object is deep-frozen.
  #render: RenderFunction | undefined;

  constructor(
    readonly source: string,
    readonly references: readonly TemplateReference[],
    /** Set when the whole template is one `{{...}}`: such a template never needs Handlebars. */
    readonly reader: ValueReader | undefined,
  ) {}

  /** Handlebars' function for this text, built once; rendering is synchronous, so there is no race. */
  renderFunction(): RenderFunction {
    if (!this.#render) {
      const compiled = templateEnvironment.compile(this.source, COMPILE_OPTIONS);
      this.#render = (scope) => compiled(scope, RUNTIME_OPTIONS);
    }
    return this.#render;
  }
}

const shared = new WeakValueCache<SharedTemplate>();

/** The shared form of a template text that contains `{{`, or the first problem in it. */
export function sharedTemplate(source: string): SharedTemplate | TemplateProblem {
  const known = shared.get(source);
  if (known) return known;

  let program: hbs.AST.Program;
  try {
    program = templateEnvironment.parseWithoutProcessing(source);
  } catch (err) {
    return parseProblem(source, err);
  }
  const helperProblem = checkHelpers(source, program);
  if (helperProblem) return helperProblem;

  // Read before the compile check: it applies whitespace control to the tree in place.
  const reader = singleMustacheReader(program);
  const references = referencesInProgram(source, program);
  try {
    checkCompiles(program);
  } catch (err) {
    return compileProblem(source, err);
  }
  const entry = new SharedTemplate(source, references, reader);
  shared.set(source, entry);
  return entry;
}
