// REF_UNKNOWN_STEP: `steps.<id>` must name a step that ran before: an earlier step of the same body or of an
// enclosing body, or one inside an earlier `if`/`try` (they share the scope). Steps inside a forEach body,
// later steps and the step itself are not readable.
import type { Path } from '../source/source-file.js';
import type { Check, ParsedFile } from './check-context.js';
import { didYouMean } from './did-you-mean.js';
import { placeOf, siteReferences } from './site-place.js';
import { rootBodies, startsWithPath, walkSteps, type RootBody } from './walk-steps.js';

interface StepDef {
  readonly id: string;
  readonly listPath: Path;
  readonly index: number;
  readonly line: number;
}

export const checkStepReferences: Check = {
  name: 'step-references',
  run(ctx) {
    const byFile = new Map(ctx.files.map((f) => [f.source, { file: f, bodies: rootBodies(f) }] as const));
    const defsCache = new Map<string, Map<string, StepDef[]>>();
    for (const site of ctx.sites) {
      if (site.reads !== 'scope') continue;
      const entry = byFile.get(site.file);
      if (!entry) continue;
      const refs = siteReferences(site).filter((r) => r.path[0] === 'steps' && r.path.length >= 2);
      if (refs.length === 0) continue;
      const { body } = placeOf(entry.file, site, entry.bodies);
      const defs = body ? stepDefs(entry.file, body, defsCache) : new Map<string, StepDef[]>();
      for (const ref of refs) {
        const id = ref.path[1];
        if (defs.get(id)?.some((d) => isReadableFrom(d, site.path))) continue;
        const message = body ? unreadableMessage(id, defs, site.path) : `'steps.${id}' is empty here: no steps run before this text`;
        ctx.reportAt(site.file, ref.position, 'REF_UNKNOWN_STEP', message, {
          hint: body ? 'a step reads the steps before it, in its own block and the blocks around it' : undefined,
        });
      }
    }
  },
};

/** The ids of a root body's steps, nested ones included, each with where it is. */
function stepDefs(file: ParsedFile, body: RootBody, cache: Map<string, Map<string, StepDef[]>>): Map<string, StepDef[]> {
  const key = `${file.source.file}\u0000${body.path.join('\u0000')}`;
  let defs = cache.get(key);
  if (!defs) {
    const found = new Map<string, StepDef[]>();
    walkSteps(file.data, body.path, ({ step, listPath, index, path }) => {
      if (typeof step.id !== 'string') return;
      const def = { id: step.id, listPath, index, line: file.source.locate(path, 'key').line };
      found.set(step.id, [...(found.get(step.id) ?? []), def]);
    });
    defs = found;
    cache.set(key, defs);
  }
  return defs;
}

/**
 * A step is readable from a text inside a later sibling of it (or inside anything nested in that sibling).
 * `if` branches and `try` blocks share their flow's scope, so a step inside one is also readable after the
 * enclosing `if`/`try` step (as undefined when its branch did not run), and a `try` block's steps are readable
 * from its `catch`. `forEach` bodies run once per item in their own scope: their steps stay inside.
 */
function isReadableFrom(def: StepDef, textPath: Path): boolean {
  let listPath: Path = def.listPath;
  let index = def.index;
  for (;;) {
    if (startsWithPath(textPath, listPath)) {
      const at = textPath[listPath.length];
      return typeof at === 'number' && at > index;
    }
    const n = listPath.length;
    const [container, kind, block] = [listPath[n - 3], listPath[n - 2], listPath[n - 1]];
    if (typeof container !== 'number') return false;
    if (kind === 'try' && block === 'steps' && startsWithPath(textPath, [...listPath.slice(0, -1), 'catch'])) return true;
    const escapes = (kind === 'if' && (block === 'then' || block === 'else')) || (kind === 'try' && (block === 'steps' || block === 'catch'));
    if (!escapes) return false;
    listPath = listPath.slice(0, -3);
    index = container;
  }
}

function unreadableMessage(id: string, defs: ReadonlyMap<string, readonly StepDef[]>, textPath: Path): string {
  const def = defs.get(id)?.[0];
  if (!def) {
    const readable = [...defs.values()].flat().filter((d) => isReadableFrom(d, textPath)).map((d) => d.id);
    return `no earlier step has the id '${id}'${didYouMean(id, readable)}`;
  }
  if (startsWithPath(textPath, def.listPath)) {
    const index = textPath[def.listPath.length];
    if (index === def.index) return `step '${id}' cannot read its own output`;
    return `step '${id}' (line ${def.line}) runs after this one; only earlier steps can be read`;
  }
  return `step '${id}' (line ${def.line}) is inside another block; only earlier steps of this block and the blocks around it can be read`;
}
