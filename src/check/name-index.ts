// Every connector and flow name of the project, and per connector the names a flow can reference: its
// cards and helpers and its connection fields. Files that failed schema validation are registered by name
// only, so references to them are not reported again as unknown.
import type { DefinitionFile } from '../compile/compile-project.js';
import { impliedConnectionFields, impliedConnectionSecrets } from '../compile/implied-connection-fields.js';
import { asRecord, asString, entriesOf, type PlainRecord } from '../compile/plain-data.js';
import type { Path, SourceFile } from '../source/source-file.js';

export type MemberKind = 'action' | 'event' | 'helper';

export interface MemberInfo {
  readonly name: string;
  readonly kind: MemberKind;
  readonly path: Path;
  readonly data: PlainRecord;
}

export interface ConnectionFieldInfo {
  readonly secret: boolean;
}

export interface ConnectorInfo {
  readonly name: string;
  readonly source: SourceFile;
  /** False: the file failed schema validation; nothing inside it is known. */
  readonly schemaValid: boolean;
  readonly data: PlainRecord;
  /** Actions, events and helpers, which share one namespace; the first of a name wins. */
  readonly members: ReadonlyMap<string, MemberInfo>;
  /** Declared and implied fields, plus OAuth tokens; all secret ones flagged. */
  readonly connectionFields: ReadonlyMap<string, ConnectionFieldInfo>;
}

export interface NameIndex {
  /** By name; with duplicate files, the first by path. */
  readonly connectors: ReadonlyMap<string, ConnectorInfo>;
  readonly flows: ReadonlyMap<string, SourceFile>;
  /** The connector a given file defines (also for the second file of a duplicate name). */
  connectorOf(source: SourceFile): ConnectorInfo | undefined;
}

const MEMBER_GROUPS: readonly [string, MemberKind][] = [['actions', 'action'], ['events', 'event'], ['helpers', 'helper']];

export function buildNameIndex(files: readonly DefinitionFile[]): NameIndex {
  const connectors = new Map<string, ConnectorInfo>();
  const flows = new Map<string, SourceFile>();
  const byFile = new Map<SourceFile, ConnectorInfo>();
  for (const f of [...files].sort((a, b) => a.source.file.localeCompare(b.source.file))) {
    const data = asRecord(f.source.value) ?? {};
    const name = asString(data.name);
    if (name === undefined) continue;
    if (f.kind === 'flow') {
      if (!flows.has(name)) flows.set(name, f.source);
      continue;
    }
    const info = connectorInfo(name, f, data);
    byFile.set(f.source, info);
    if (!connectors.has(name)) connectors.set(name, info);
  }
  return { connectors, flows, connectorOf: (source) => byFile.get(source) };
}

function connectorInfo(name: string, f: DefinitionFile, data: PlainRecord): ConnectorInfo {
  const members = new Map<string, MemberInfo>();
  const fields = new Map<string, ConnectionFieldInfo>();
  if (f.schemaValid) {
    for (const [group, kind] of MEMBER_GROUPS) {
      for (const [member, value] of entriesOf(data[group])) {
        if (!members.has(member)) members.set(member, { name: member, kind, path: [group, member], data: asRecord(value) ?? {} });
      }
    }
    for (const implied of impliedConnectionFields(data.auth)) fields.set(implied.name, { secret: implied.type === 'secret' });
    for (const [field, value] of entriesOf(asRecord(data.connection)?.fields)) {
      const secret = fields.get(field)?.secret === true || asRecord(value)?.type === 'secret';
      fields.set(field, { secret });
    }
    for (const token of impliedConnectionSecrets(data.auth)) if (!fields.has(token)) fields.set(token, { secret: true });
  }
  return { name, source: f.source, schemaValid: f.schemaValid, data, members, connectionFields: fields };
}
