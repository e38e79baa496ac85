// The runtime face of a template. A template without `{{` never reaches Handlebars; one that is a single
// mustache is evaluated directly; anything else runs the Handlebars function (built on first render and shared
// by every use of the same text) under a budget. Each use has its own origin.
import type { Origin, Scope, Template } from '../model/model.js';
import { RuntimeError } from '../errors/runtime-error.js';
import { DEFAULT_RENDER_LIMITS, withRenderBudget } from './template-environment.js';
import { renderText } from './render-text.js';
import type { SharedTemplate } from './shared-template.js';
import type { TemplateReference } from './template-references.js';

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
  readonly source: string;
  readonly #shared: SharedTemplate;

  constructor(readonly origin: Origin, shared: SharedTemplate) {
    this.source = shared.source;
    this.#shared = shared;
  }

  render(scope: Scope): string {
    try {
      const reader = this.#shared.reader;
      if (reader) return renderText(reader(scope));
      const render = this.#shared.renderFunction();
      return withRenderBudget(DEFAULT_RENDER_LIMITS, () => render(scope));
    } catch (err) {
      throw this.renderError(err);
    }
  }

  renderValue(scope: Scope): unknown {
    const reader = this.#shared.reader;
    if (!reader) return this.render(scope);
    try {
      return reader(scope);
    } catch (err) {
      throw this.renderError(err);
    }
  }

  /** Scope paths the template reads, found when it was compiled. */
  references(): readonly TemplateReference[] {
    return this.#shared.references;
  }

  private renderError(err: unknown): RuntimeError {
    const detail = err instanceof Error ? err.message.split('\n')[0]!.slice(0, 300) : 'rendering failed';
    return new RuntimeError('TPL_RENDER', `template failed: ${detail}`, { actor: 'author', origin: this.origin, cause: err });
  }
}
