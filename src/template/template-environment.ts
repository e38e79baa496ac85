// One isolated Handlebars environment for all templates: only our helpers, no partials, no HTML escaping,
// values rendered as text by renderText, and a per-render budget on loop iterations and output size.
import Handlebars from 'handlebars';
import { RuntimeError } from '../errors/runtime-error.js';
import { BLOCK_BUILTINS, INLINE_BUILTINS, OUR_HELPERS } from './template-helpers.js';
import { renderText } from './render-text.js';

export interface RenderLimits {
  /** `{{#each}}` iterations in one render, nested loops included. */
  maxIterations: number;
  /** Characters produced inside loops and by values, counted as rendering goes. */
  maxOutputChars: number;
}

export const DEFAULT_RENDER_LIMITS: RenderLimits = Object.freeze({ maxIterations: 100_000, maxOutputChars: 16 * 1024 * 1024 });

/** Internal helper the compiled code calls to turn every `{{value}}` into text; templates cannot name it. */
const TEXT_HOOK = '__render_text';

type HandlebarsEnv = typeof Handlebars;
type HelperOptions = Handlebars.HelperOptions & { fn: (context: unknown, options?: unknown) => string };

interface JavaScriptCompilerLike {
  popStack(): unknown;
  pushSource(source: unknown): void;
  appendToBuffer(source: unknown[]): unknown;
  aliasable(name: string): unknown;
}
type CompilerClass = new () => JavaScriptCompilerLike;

export const COMPILE_OPTIONS: CompileOptions = Object.freeze({
  strict: false,
  noEscape: true,
  assumeObjects: false,
  knownHelpersOnly: true,
  knownHelpers: Object.freeze(
    Object.fromEntries([...Object.keys(OUR_HELPERS), ...BLOCK_BUILTINS, ...INLINE_BUILTINS, TEXT_HOOK].map((n) => [n, true])),
  ),
}) as CompileOptions;

/** Passing explicit `false` keeps prototype access blocked without Handlebars logging a warning each time. */
export const RUNTIME_OPTIONS: RuntimeOptions = Object.freeze({
  allowProtoPropertiesByDefault: false,
  allowProtoMethodsByDefault: false,
}) as RuntimeOptions;

/** Rendering is synchronous, so one budget at a time is enough; nested renders keep their own. */
let budget: { iterations: number; chars: number; limits: RenderLimits } | undefined;

export function withRenderBudget<T>(limits: RenderLimits, render: () => T): T {
  const outer = budget;
  budget = { iterations: 0, chars: 0, limits };
  try {
    return render();
  } finally {
    budget = outer;
  }
}

function spendChars(n: number): void {
  if (!budget) return;
  budget.chars += n;
  if (budget.chars > budget.limits.maxOutputChars) {
    throw new RuntimeError('TPL_RENDER', `template output is longer than ${budget.limits.maxOutputChars} characters`, { actor: 'author' });
  }
}

function spendIteration(): void {
  if (!budget) return;
  budget.iterations += 1;
  if (budget.iterations > budget.limits.maxIterations) {
    throw new RuntimeError('TPL_RENDER', `template loops ran more than ${budget.limits.maxIterations} times`, { actor: 'author' });
  }
}

function createEnvironment(): HandlebarsEnv {
  const env = Handlebars.create();
  for (const name of ['log', 'helperMissing', 'blockHelperMissing']) env.unregisterHelper(name);

  for (const [name, spec] of Object.entries(OUR_HELPERS)) {
    // Handlebars passes its options object last; our helpers take values only.
    env.registerHelper(name, (...args: unknown[]) => spec.fn(...args.slice(0, -1)));
  }
  env.registerHelper(TEXT_HOOK, (value: unknown) => {
    const text = renderText(value);
    spendChars(text.length);
    return text;
  });

  const builtinEach = env.helpers.each as (this: unknown, context: unknown, options: HelperOptions) => string;
  env.registerHelper('each', function (this: unknown, context: unknown, options: HelperOptions) {
    const fn = options.fn;
    const counted: HelperOptions = {
      ...options,
      fn: (ctx: unknown, opts?: unknown) => {
        spendIteration();
        const out = fn(ctx, opts);
        spendChars(out.length);
        return out;
      },
    };
    return builtinEach.call(this, context, counted);
  });

  // Every appended value goes through renderText instead of string concatenation, so objects become JSON.
  const envWithCompiler = env as unknown as { JavaScriptCompiler: CompilerClass };
  const Base = envWithCompiler.JavaScriptCompiler;
  class TextCompiler extends Base {
    append(): void {
      const local = this.popStack();
      // The `{}` stands in for the options object Handlebars' helper wrapper expects as last argument.
      this.pushSource(this.appendToBuffer([this.aliasable(`helpers.${TEXT_HOOK}`), '(', local, ', {})']));
    }
  }
  (TextCompiler.prototype as unknown as { compiler: CompilerClass }).compiler = TextCompiler;
  envWithCompiler.JavaScriptCompiler = TextCompiler;
  return env;
}

export const templateEnvironment: HandlebarsEnv = createEnvironment();

interface CheckingStage {
  parse(program: hbs.AST.Program, options: CompileOptions): hbs.AST.Program;
  Compiler: new () => { compile(program: hbs.AST.Program, options: CompileOptions): unknown };
}

/**
 * Runs the stage of Handlebars' compiler that rejects what the parser accepts (partials, decorators, helpers
 * not in `knownHelpers`) and throws located exceptions, without generating JavaScript: `compile()` would only
 * do all this on first render, and the generated function costs about 9 KiB per template. Applies whitespace
 * control to `program` in place, as compiling does.
 */
export function checkCompiles(program: hbs.AST.Program): void {
  const env = templateEnvironment as unknown as CheckingStage;
  // Handlebars writes into its options (`knownHelpers`, `blockParams`): give it a copy; `data` as compile() sets it.
  const options = { ...COMPILE_OPTIONS, data: true };
  new env.Compiler().compile(env.parse(program, options), options);
}

/** The shared jison lexer, read right after a failed parse to learn where it stopped. */
export function lastLexerState(): { matched: string; match: string } | undefined {
  const parser = (templateEnvironment as unknown as { Parser?: { lexer?: { matched?: unknown; match?: unknown } } }).Parser;
  const lexer = parser?.lexer;
  if (typeof lexer?.matched !== 'string' || typeof lexer.match !== 'string') return undefined;
  return { matched: lexer.matched, match: lexer.match };
}
