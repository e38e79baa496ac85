// `code` steps run trusted project modules. The module path is resolved against the project root once, here:
// a path leaving the root (also through a symbolic link) is refused, and the file must exist.
import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { CodeStep } from '../model/model.js';
import type { Path } from '../source/source-file.js';
import type { CompileContext } from './compile-context.js';
import type { StepBase } from './compile-steps.js';
import { asString } from './plain-data.js';

export function compileCodeStep(ctx: CompileContext, stepPath: Path, base: StepBase): CodeStep {
  const at = [...stepPath, 'code'];
  const input = ctx.optionalExpression([...at, 'input']);
  return {
    ...base,
    kind: 'code',
    module: resolveModule(ctx, [...at, 'module']),
    export: asString(ctx.get([...at, 'export'])) ?? 'default',
    ...(input && { input }),
  };
}

function resolveModule(ctx: CompileContext, at: Path): string {
  const written = asString(ctx.get(at)) ?? '';
  const root = path.resolve(ctx.root);
  const absolute = path.resolve(root, written);
  if (written === '' || !isInside(root, absolute)) {
    ctx.report('DEF_INVALID_VALUE', `module '${written}' is outside the project folder; code modules must live inside it`, at);
    return absolute;
  }
  let real: string;
  try {
    real = realpathSync(absolute);
    if (!statSync(real).isFile()) throw new Error('not a file');
  } catch {
    ctx.report('REF_UNKNOWN_MODULE', `module '${written}' does not exist (looked for ${path.relative(root, absolute).split(path.sep).join('/')} in the project folder)`, at);
    return absolute;
  }
  if (!isInside(realpathOr(root), real)) {
    ctx.report('DEF_INVALID_VALUE', `module '${written}' links to a file outside the project folder; code modules must live inside it`, at);
  }
  return absolute;
}

function isInside(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}

function realpathOr(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}
