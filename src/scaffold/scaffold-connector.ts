// `runtime new connector <name>`: the documented connector template with its name and title set.
import { parseDocument } from 'yaml';
import { canonicalText } from './canonical-text.js';
import { titleFromName } from './scaffold-names.js';
import { readTemplate } from './template-files.js';

export function scaffoldConnector(name: string): string {
  const doc = parseDocument(readTemplate('connector.yaml'));
  doc.set('name', name);
  doc.set('title', titleFromName(name));
  return canonicalText(doc, `connectors/${name}.yaml`);
}
