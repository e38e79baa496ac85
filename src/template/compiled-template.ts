// The runtime face of a template. A template without `{{` never reaches Handlebars; one that is a single
// mustache is evaluated directly; anything else runs the precompiled Handlebars function under a budget.
import type { Origin, Scope, Template } from '../model/model.js';
import { RuntimeError } from '../errors/runtime-error.js';
import { DEFAULT_RENDER_LIMITS, RUNTIME_OPTIONS, withRenderBudget } from './template-environment.js';
import { renderText } from './render-text.js';
import type { ValueReader } from './single-mustache-value.js';

export class LiteralTemplate implements Template {
  readonly isLiteral = true;
  constructor(readonly source: string, readonly origin: Origin) {}
  render(): string {
    return this.source;
  }
  renderValue(): unknown {
    return this.source;
  }
}

export class CompiledTemplate implements Template {
  readonly isLiteral = false;

  constructor(
    readonly source: string,
    readonly origin: Origin,
    /** Parsed tree, kept for reference checks. */
    readonly program: hbs.AST.Program,
    private readonly compiled: HandlebarsTemplateDelegate,
    /** Set when the whole template is one `{{...}}`. */
    private readonly reader: ValueReader | undefined,
  ) {}

  render(scope: Scope): string {
    try {
      if (this.reader) return renderText(this.reader(scope));
      return withRenderBudget(DEFAULT_RENDER_LIMITS, () => this.compiled(scope, RUNTIME_OPTIONS));
    } catch (err) {
      throw this.renderError(err);
    }
  }

  renderValue(scope: Scope): unknown {
    if (!this.reader) return this.render(scope);
    try {
      return this.reader(scope);
    } catch (err) {
      throw this.renderError(err);
    }
  }

  private renderError(err: unknown): RuntimeError {
    const detail = err instanceof Error ? err.message.split('\n')[0]!.slice(0, 300) : 'rendering failed';
    return new RuntimeError('TPL_RENDER', `template failed: ${detail}`, { actor: 'author', origin: this.origin, cause: err });
  }
}
