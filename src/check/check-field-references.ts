// REF_UNKNOWN_FIELD: in connector files, `connection.<x>` names a connection field (implied ones included),
// `inputs.<x>` an input of the card or helper running the text, `options.<x>` an option of the card.
// DEF_SECRET_EXPOSED (warning): a secret connection field read outside auth templates: the running side
// gives steps only the non-secret fields, so the value would be empty, and secrets must not reach payloads.
import { asRecord, entriesOf, valueAt } from '../compile/plain-data.js';
import type { Check, CheckContext, ParsedFile } from './check-context.js';
import { didYouMean, listNames } from './did-you-mean.js';
import type { ConnectorInfo } from './name-index.js';
import { hasDynamicInputs } from './resolve-card.js';
import { placeOf, siteReferences, type SiteReference } from './site-place.js';
import { rootBodies, type RootBody } from './walk-steps.js';
import type { CompiledSite } from '../compile/compile-context.js';

const OWNER_GROUPS: Readonly<Record<string, string>> = { action: 'actions', event: 'events', helper: 'helpers' };

export const checkFieldReferences: Check = {
  name: 'field-references',
  run(ctx) {
    const files = new Map(ctx.files.filter((f) => f.kind === 'connector').map((f) => [f.source, { file: f, bodies: rootBodies(f) }] as const));
    for (const site of ctx.sites) {
      const entry = site.reads === 'scope' ? files.get(site.file) : undefined;
      const connector = entry ? ctx.names.connectorOf(site.file) : undefined;
      if (!entry || !connector) continue;
      const place = placeOf(entry.file, site, entry.bodies);
      for (const ref of siteReferences(site)) {
        if (ref.path.length < 2) continue;
        if (ref.path[0] === 'connection') checkConnectionField(ctx, site, ref, connector, place.secretsAllowed);
        else if (ref.path[0] === 'inputs' && place.body) checkDeclared(ctx, site, ref, entry.file, place.body, 'inputs');
        else if (ref.path[0] === 'options' && place.body) checkDeclared(ctx, site, ref, entry.file, place.body, 'options');
      }
    }
  },
};

function checkConnectionField(ctx: CheckContext, site: CompiledSite, ref: SiteReference, connector: ConnectorInfo, secretsAllowed: boolean): void {
  const name = ref.path[1];
  const field = connector.connectionFields.get(name);
  if (!field) {
    const known = [...connector.connectionFields.keys()];
    ctx.reportAt(site.file, ref.position, 'REF_UNKNOWN_FIELD', `unknown connection field '${name}'${didYouMean(name, known)}`, {
      hint: `connection fields: ${listNames(known)}`,
    });
  } else if (field.secret && !secretsAllowed) {
    const inBaseUrl = site.path[0] === 'baseUrl';
    ctx.reportAt(site.file, ref.position, 'DEF_SECRET_EXPOSED', `secret field '${name}' is read in ${inBaseUrl ? 'the base URL' : 'a step'}; only auth templates should read secrets`, {
      severity: 'warning',
      hint: inBaseUrl
        ? 'the base URL is part of every URL in records and errors, so it sees only non-secret fields; put the secret in the auth headers or query instead'
        : 'steps see only non-secret connection fields; put the secret in the auth headers or query instead',
    });
  }
}

/** `inputs` are declared by actions and helpers, `options` by cards; helpers and system flows have no options of their own. */
function checkDeclared(ctx: CheckContext, site: CompiledSite, ref: SiteReference, file: ParsedFile, body: RootBody, what: 'inputs' | 'options'): void {
  const { kind, name } = body.owner;
  if (what === 'options' && kind !== 'action' && kind !== 'event') return;
  const group = OWNER_GROUPS[kind];
  const owner = group ? asRecord(valueAt(file.data, [group, name])) : undefined;
  if (what === 'inputs' && kind === 'action' && hasDynamicInputs(owner)) return;
  const declared = entriesOf(owner?.[what]).map(([n]) => n);
  const field = ref.path[1];
  if (declared.includes(field)) return;
  const singular = what === 'inputs' ? 'input' : 'option';
  const label = kind === 'system' ? `system flow '${name}'` : `${kind} '${name}'`;
  ctx.reportAt(site.file, ref.position, 'REF_UNKNOWN_FIELD', `${label} has no ${singular} '${field}'${didYouMean(field, declared)}`, {
    hint: `its ${what}: ${listNames(declared)}`,
  });
}
