// Inputs, outputs, options and connection fields (and the nested fields of objects): what was added, removed,
// retyped, made required, given another default or other choices. Who provides or reads a field decides how
// serious a change is: flows provide inputs and options, connections provide connection fields, flows read
// outputs; helper fields are internal to the connector, so their changes are always safe.
import type { FieldDef, Fields } from '../model/model.js';
import type { Impact } from './change.js';
import type { ChangeRecorder } from './change-recorder.js';
import { fingerprint, sameMeaning } from './fingerprint.js';
import { shownList, shownValue } from './shown-value.js';

export type FieldRole = 'input' | 'output' | 'option' | 'connection field' | 'helper input' | 'helper output';

export function diffFields(rec: ChangeRecorder, role: FieldRole, base: Fields, head: Fields, prefix: readonly string[] = []): void {
  const names = [...Object.keys(base), ...Object.keys(head).filter((n) => !(n in base))];
  for (const name of names) {
    const path = [...prefix, name];
    const before = own(base, name);
    const after = own(head, name);
    if (before && after) diffField(rec, role, before, after, path);
    else if (after) fieldAdded(rec, role, after, path);
    else if (before) fieldRemoved(rec, role, before, path);
  }
}

function fieldAdded(rec: ChangeRecorder, role: FieldRole, field: FieldDef, path: string[]): void {
  const label = `${role} '${path.join('.')}'`;
  if (providedByUser(role) && effectivelyRequired(field)) {
    rec.add('breaking', `${kindOf(role)}-added`, `new required ${label}`, { at: field.origin, after: typeText(field), impact: missingImpact(role, path) });
    return;
  }
  rec.add('safe', `${kindOf(role)}-added`, `${label} added`, { at: field.origin, after: typeText(field) });
}

function fieldRemoved(rec: ChangeRecorder, role: FieldRole, field: FieldDef, path: string[]): void {
  const label = `${role} '${path.join('.')}'`;
  const level = isInternal(role) ? 'safe' : 'breaking';
  rec.add(level, `${kindOf(role)}-removed`, `${label} removed`, { at: field.origin, before: typeText(field), ...impactIf(level, usedImpact(role, path)) });
}

function diffField(rec: ChangeRecorder, role: FieldRole, before: FieldDef, after: FieldDef, path: string[]): void {
  const label = `${role} '${path.join('.')}'`;
  const kind = kindOf(role);
  const at = after.origin;
  const consumed = !isInternal(role);

  const typeBefore = typeText(before);
  const typeAfter = typeText(after);
  if (typeBefore !== typeAfter) {
    const level = consumed ? 'breaking' : 'safe';
    rec.add(level, `${kind}-retyped`, `${label} retyped: ${typeBefore} -> ${typeAfter}`, {
      at, before: typeBefore, after: typeAfter, ...impactIf(level, usedImpact(role, path)),
    });
  }

  const requiredBefore = effectivelyRequired(before);
  const requiredAfter = effectivelyRequired(after);
  if (!requiredBefore && requiredAfter) {
    const why = before.required ? ': its default was removed' : '';
    const level = providedByUser(role) ? 'breaking' : 'safe';
    rec.add(level, `${kind}-required`, `${label} became required${why}`, { at, ...impactIf(level, missingImpact(role, path)) });
  } else if (requiredBefore && !requiredAfter) {
    const why = after.required ? ': it has a default now' : '';
    rec.add('safe', `${kind}-optional`, `${label} is no longer required${why}`, { at });
  } else if (before.required !== after.required) {
    rec.add('safe', after.required ? `${kind}-required` : `${kind}-optional`, `${label} ${after.required ? 'marked required (it has a default)' : 'no longer marked required'}`, { at });
  }

  if (!sameMeaning(before.default, after.default)) {
    const level = providedByUser(role) ? 'risky' : 'safe';
    const from = shownValue(before.default);
    const to = shownValue(after.default);
    rec.add(level, `${kind}-default-changed`, `default of ${label} changed from ${from} to ${to}`, { at, before: from, after: to });
  }

  diffChoices(rec, role, before, after, path);

  const texts: string[] = [];
  if (before.title !== after.title) texts.push('title');
  if ((before.help ?? '') !== (after.help ?? '')) texts.push('help');
  if (choiceLabelsChanged(before, after)) texts.push('choice labels');
  if (texts.length > 0) rec.add('safe', `${kind}-text-changed`, `${label}: ${texts.join(', ')} changed`, { at });

  // Nested fields are compared only while the field stays an object (a retyped one was reported above).
  if (typeBefore === typeAfter && (before.fields || after.fields)) diffFields(rec, role, before.fields ?? {}, after.fields ?? {}, path);
}

function diffChoices(rec: ChangeRecorder, role: FieldRole, before: FieldDef, after: FieldDef, path: string[]): void {
  if (!before.choices && !after.choices) return;
  const label = `${role} '${path.join('.')}'`;
  const valuesBefore = (before.choices ?? []).map((c) => c.value);
  const valuesAfter = (after.choices ?? []).map((c) => c.value);
  const keysAfter = new Set(valuesAfter.map((v) => fingerprint(v)));
  const keysBefore = new Set(valuesBefore.map((v) => fingerprint(v)));
  const removed = valuesBefore.filter((v) => !keysAfter.has(fingerprint(v)));
  const added = valuesAfter.filter((v) => !keysBefore.has(fingerprint(v)));
  const kind = kindOf(role);
  if (removed.length > 0) {
    const level = isInternal(role) || role === 'output' ? 'safe' : 'breaking';
    const impact: Impact | undefined =
      role === 'option' && path.length === 1 ? { on: 'option-set', option: path[0]!, values: removed } : usedImpact(role, path);
    rec.add(level, `${kind}-choices-removed`, `${label} choices removed: ${shownList(removed)}`, {
      at: after.origin, before: shownList(removed), ...impactIf(level, impact),
    });
  }
  if (added.length > 0) rec.add('safe', `${kind}-choices-added`, `${label} choices added: ${shownList(added)}`, { at: after.origin, after: shownList(added) });
}

/** Required and without a default: a flow (or connection) that does not give it fails. */
function effectivelyRequired(field: FieldDef): boolean {
  return field.required && field.default === undefined;
}

/** `text`, `list of text`. */
export function typeText(field: FieldDef): string {
  return field.list ? `list of ${field.type}` : field.type;
}

/** Labels of the choices both revisions have (added and removed choices are reported as such). */
function choiceLabelsChanged(before: FieldDef, after: FieldDef): boolean {
  const labels = new Map((before.choices ?? []).map((c) => [fingerprint(c.value), c.label] as const));
  return (after.choices ?? []).some((c) => {
    const old = labels.get(fingerprint(c.value));
    return old !== undefined && old !== c.label;
  });
}

function providedByUser(role: FieldRole): boolean {
  return role === 'input' || role === 'option' || role === 'connection field';
}

function isInternal(role: FieldRole): boolean {
  return role === 'helper input' || role === 'helper output';
}

function kindOf(role: FieldRole): string {
  return role.replace(/ /g, '-');
}

/** The uses that give (or read) the field. */
function usedImpact(role: FieldRole, path: readonly string[]): Impact | undefined {
  const top = path[0]!;
  switch (role) {
    case 'input': return { on: 'input-mapped', input: top };
    case 'option': return { on: 'option-set', option: top };
    case 'output': return { on: 'output-read', path };
    case 'connection field': return { on: 'connector' };
    default: return undefined;
  }
}

/** The uses that now lack a required field: those that do not give it, or for a nested field, that give its object. */
function missingImpact(role: FieldRole, path: readonly string[]): Impact | undefined {
  const top = path[0]!;
  const nested = path.length > 1;
  switch (role) {
    case 'input': return nested ? { on: 'input-mapped', input: top } : { on: 'input-unmapped', input: top };
    case 'option': return nested ? { on: 'option-set', option: top } : { on: 'option-unset', option: top };
    case 'connection field': return { on: 'connector' };
    default: return undefined;
  }
}

function impactIf(level: string, impact: Impact | undefined): { impact?: Impact } {
  return level === 'breaking' && impact ? { impact } : {};
}

function own(fields: Fields, name: string): FieldDef | undefined {
  return Object.prototype.hasOwnProperty.call(fields, name) ? fields[name] : undefined;
}
