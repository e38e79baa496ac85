// REF_UNKNOWN_CONNECTOR / REF_UNKNOWN_CARD: the cards flows name exist and are of the right kind: `action`
// steps name actions (`connector.card`), event triggers name events. Messages list what does exist.
import { splitCardRef } from '../compile/card-ref.js';
import { asRecord, asString } from '../compile/plain-data.js';
import type { Path, Position, SourceFile } from '../source/source-file.js';
import type { CheckContext, Check } from './check-context.js';
import { didYouMean, listNames } from './did-you-mean.js';
import { lookupCard, memberNames } from './resolve-card.js';
import { forEachStep } from './walk-steps.js';

export const checkCardReferences: Check = {
  name: 'card-references',
  run(ctx) {
    for (const file of ctx.files) {
      forEachStep(file, ({ step, path }) => {
        const at = [...path, 'action', 'card'];
        const ref = asString(asRecord(step.action)?.card);
        if (ref === undefined) return;
        const { connector, card, dot } = splitCardRef(ref);
        if (dot < 0) {
          ctx.report(file.source, at, 'REF_UNKNOWN_CARD', `'${ref}' does not say its connector: write it as connector.card`, {
            hint: 'e.g. okta.create_user',
          });
          return;
        }
        checkCard(ctx, file.source, 'action', connector, card, {
          connector: file.source.locateInScalar(at, 0, connector.length),
          card: file.source.locateInScalar(at, dot + 1, card.length),
        });
      });
      if (file.kind !== 'flow') continue;
      const event = asRecord(asRecord(file.data.trigger)?.event);
      const connector = asString(event?.connector);
      const card = asString(event?.card);
      if (connector === undefined || card === undefined) continue;
      const at: Path = ['trigger', 'event'];
      checkCard(ctx, file.source, 'event', connector, card, {
        connector: file.source.locate([...at, 'connector']),
        card: file.source.locate([...at, 'card']),
      });
    }
  },
};

function checkCard(
  ctx: CheckContext, source: SourceFile, want: 'action' | 'event', connectorName: string, card: string,
  pos: { connector: Position; card: Position },
): void {
  const found = lookupCard(ctx.names, connectorName, card, want);
  const plural = `${want}s`;
  switch (found.status) {
    case 'unknown-connector': {
      const known = [...ctx.names.connectors.keys()];
      ctx.reportAt(source, pos.connector, 'REF_UNKNOWN_CONNECTOR', `unknown connector '${connectorName}'${didYouMean(connectorName, known)}`, {
        hint: `connectors in this project: ${listNames(known)}`,
      });
      return;
    }
    case 'unknown-card': {
      const known = memberNames(found.connector, want);
      ctx.reportAt(source, pos.card, 'REF_UNKNOWN_CARD', `connector '${connectorName}' has no ${want} '${card}'${didYouMean(card, known)}`, {
        hint: `its ${plural}: ${listNames(known)}`,
      });
      return;
    }
    case 'wrong-kind': {
      const known = memberNames(found.connector, want);
      const what = want === 'action' ? 'an action step names an action' : 'a trigger names an event';
      ctx.reportAt(source, pos.card, 'REF_UNKNOWN_CARD', `'${card}' is ${article(found.member.kind)} of connector '${connectorName}', not ${article(want)}; ${what}`, {
        hint: `its ${plural}: ${listNames(known)}`,
      });
      return;
    }
    default:
      return;
  }
}

function article(kind: string): string {
  return kind === 'action' || kind === 'event' ? `an ${kind}` : `a ${kind}`;
}
