// Where a compiled expression or template sits in its file, which decides what its names mean: the root body
// it belongs to (for `steps.<id>`), the card or helper that owns it (for `inputs` and `options`), and whether
// it may read secret connection fields.
import type { CompiledSite } from '../compile/compile-context.js';
import { expressionReferences } from '../expr/compile-expression.js';
import type { Expression, Template } from '../model/model.js';
import type { Position } from '../source/source-file.js';
import { templateReferences } from '../template/compile-template.js';
import type { ParsedFile } from './check-context.js';
import { rootBodies, startsWithPath, type RootBody } from './walk-steps.js';

export interface SitePlace {
  /** The root body holding the text; absent outside steps (auth, base URL, webhook verification). */
  readonly body?: RootBody;
  /**
   * Auth templates, webhook verification and the `revoke` system flow handle secrets by design. The base URL does
   * not: it is part of every URL shown in records and errors, so it is rendered with the non-secret fields only.
   */
  readonly secretsAllowed: boolean;
}

export function placeOf(file: ParsedFile, site: CompiledSite, bodies: readonly RootBody[] = rootBodies(file)): SitePlace {
  const body = bodies.find((b) => startsWithPath(site.path, b.path));
  if (file.kind !== 'connector') return { body, secretsAllowed: false };
  const [first, , third, fourth] = site.path;
  const secretsAllowed = first === 'auth'
    || (first === 'events' && third === 'webhook' && fourth === 'verify')
    || (body?.owner.kind === 'system' && body.owner.name === 'revoke');
  return { body, secretsAllowed };
}

export interface SiteReference {
  /** Leading names read, e.g. ['steps', 'created', 'body']. */
  readonly path: readonly string[];
  /** Position of `root.name` (or of the root alone) inside the file. */
  readonly position: Position;
}

// Two checks read every site's references; the walk over the syntax tree is done once per site.
const referenceCache = new WeakMap<CompiledSite, readonly SiteReference[]>();

/** The scope names a site reads, each with its place in the file. */
export function siteReferences(site: CompiledSite): readonly SiteReference[] {
  let refs = referenceCache.get(site);
  if (!refs) {
    refs = findReferences(site);
    referenceCache.set(site, refs);
  }
  return refs;
}

function findReferences(site: CompiledSite): SiteReference[] {
  const refs = site.language === 'expression'
    ? expressionReferences(site.compiled as Expression)
    : templateReferences(site.compiled as Template);
  const text = site.compiled.source;
  return refs.map((ref) => {
    const two = ref.path.slice(0, 2).join('.');
    const length = ref.path.length >= 2 && text.startsWith(two, ref.offset) ? two.length : (ref.path[0]?.length ?? 1);
    return { path: ref.path, position: site.file.locateInScalar(site.path, ref.offset, Math.max(1, length)) };
  });
}
