// Looks up the card a flow names (`connector.card` in action steps, connector + card in event triggers).
// A connector whose file failed schema validation resolves to `unchecked`: its problems are reported already.
import { asRecord, type PlainRecord } from '../compile/plain-data.js';
import type { ConnectorInfo, MemberInfo, MemberKind, NameIndex } from './name-index.js';

export type CardLookup =
  | { readonly status: 'found'; readonly connector: ConnectorInfo; readonly member: MemberInfo }
  | { readonly status: 'unchecked' }
  | { readonly status: 'unknown-connector' }
  | { readonly status: 'unknown-card'; readonly connector: ConnectorInfo }
  | { readonly status: 'wrong-kind'; readonly connector: ConnectorInfo; readonly member: MemberInfo };

export function lookupCard(names: NameIndex, connectorName: string, cardName: string, want: 'action' | 'event'): CardLookup {
  const connector = names.connectors.get(connectorName);
  if (!connector) return { status: 'unknown-connector' };
  if (!connector.schemaValid) return { status: 'unchecked' };
  const member = connector.members.get(cardName);
  if (!member) return { status: 'unknown-card', connector };
  if (member.kind !== want) return { status: 'wrong-kind', connector, member };
  return { status: 'found', connector, member };
}

/** Names of the connector's members of one kind, in file order. */
export function memberNames(connector: ConnectorInfo, kind: MemberKind): string[] {
  return [...connector.members.values()].filter((m) => m.kind === kind).map((m) => m.name);
}

/** Inputs come from the service when `dynamicFields` targets inputs (its default) or both: any name may be valid. */
export function hasDynamicInputs(card: PlainRecord | undefined): boolean {
  const dynamic = asRecord(card?.dynamicFields);
  return dynamic !== undefined && dynamic.target !== 'outputs';
}
