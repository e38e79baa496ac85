// `runtime new flow <name> [--connector c --card x]`: the documented flow template with its name and title set,
// and, when a card is named, built around it: an action is called with the flow's manual inputs mapped to its
// required inputs; an event becomes the trigger.
import { isMap, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import { canonicalText } from './canonical-text.js';
import type { CardSummary, FieldSummary } from './project-connectors.js';
import { titleFromName } from './scaffold-names.js';
import { readTemplate } from './template-files.js';

export interface CardUse {
  connector: string;
  cardName: string;
  card: CardSummary;
  /** The stored connection the flow uses. */
  connection: string;
}

export function scaffoldFlow(name: string, use?: CardUse): string {
  const doc = parseDocument(readTemplate('flow.yaml'));
  doc.set('name', name);
  doc.set('title', titleFromName(name));
  if (use?.card.kind === 'action') useAction(doc, use);
  if (use?.card.kind === 'event') useEvent(doc, use);
  return canonicalText(doc, `flows/${name}.yaml`);
}

function useAction(doc: Document, use: CardUse): void {
  const required = use.card.inputs.filter((f) => f.required);
  const inputs: Record<string, unknown> = {};
  for (const f of required) inputs[f.name] = fieldDefinition(f);
  if (required.length > 0) doc.setIn(['trigger', 'manual', 'inputs'], flowFields(doc, inputs));
  else doc.setIn(['trigger', 'manual'], flowMap(doc, {}));
  const action: Record<string, unknown> = { card: `${use.connector}.${use.cardName}`, connection: use.connection };
  const options = optionValues(use.card.options);
  if (Object.keys(options).length > 0) action.options = flowMap(doc, options);
  if (required.length > 0) action.inputs = Object.fromEntries(required.map((f) => [f.name, `trigger.${f.name}`]));
  const steps = doc.createNode([{ id: use.cardName, action }, { return: `steps.${use.cardName}` }]);
  const [call, result] = steps.items as YamlNode[];
  call!.commentBefore = ` Calls the card through a connection made with \`runtime connections create ${use.connector} --name ${use.connection}\`.\n Its inputs are JSONata expressions; here, the flow's own inputs.`;
  if (Object.keys(options).length > 0) {
    call!.commentBefore += '\n The options are placeholders: set them to what the flow needs.';
  }
  result!.commentBefore = " The flow's output: the card's outputs.";
  doc.set('steps', steps);
}

function useEvent(doc: Document, use: CardUse): void {
  const event: Record<string, unknown> = { connector: use.connector, card: use.cardName, connection: use.connection };
  if (use.card.webhook && use.card.polling) event.via = 'polling';
  const options = optionValues(use.card.options);
  if (Object.keys(options).length > 0) event.options = flowMap(doc, options);
  const trigger = doc.createNode({ event });
  const eventPair = trigger.items[0]!;
  (eventPair.key as YamlNode).commentBefore =
    ` Starts the flow for each record of ${use.connector}.${use.cardName}, through a connection made with\n \`runtime connections create ${use.connector} --name ${use.connection}\`.` +
    (event.options ? '\n The options are placeholders: set them to what the flow needs.' : '');
  doc.set('trigger', trigger);
  const steps = doc.createNode([{ return: { record: 'trigger' } }]);
  (steps.items[0] as YamlNode).commentBefore = ' `trigger` is the event record that started the run.';
  doc.set('steps', steps);
}

function fieldDefinition(f: FieldSummary): Record<string, unknown> {
  return { ...(f.title !== undefined && { title: f.title }), type: f.type, ...(f.list && { list: true }), required: true };
}

/** Each field's definition as a flow map, one per line, like hand-written definitions. */
function flowFields(doc: Document, fields: Record<string, unknown>): YamlNode {
  const node = doc.createNode(fields);
  if (isMap(node)) {
    for (const pair of node.items) if (isMap(pair.value)) pair.value.flow = true;
    if (node.items.length === 0) node.flow = true;
  }
  return node;
}

/** A short map written `{ a: 1 }`; the formatter writes it in block style when it is too long for a line. */
function flowMap(doc: Document, value: Record<string, unknown>): YamlNode {
  const node = doc.createNode(value);
  node.flow = true;
  return node;
}

/** Values for the required options without a default, so the flow validates: the default, else a placeholder. */
function optionValues(options: readonly FieldSummary[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const o of options) {
    if (!o.required || o.default !== undefined) continue;
    out[o.name] = placeholderValue(o);
  }
  return out;
}

function placeholderValue(o: FieldSummary): unknown {
  const first = o.choices?.[0];
  if (first !== undefined) return typeof first === 'object' && first !== null && 'value' in first ? (first as { value: unknown }).value : first;
  const one = o.type === 'number' ? 0 : o.type === 'boolean' ? false : 'change-me';
  return o.list ? [one] : one;
}
