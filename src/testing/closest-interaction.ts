// For a request no recording matches: the recorded one it differs from least, and how. Same method and path
// weigh most, then the query parameters, then the body; the differences are listed in words.
import { distance } from 'fastest-levenshtein';
import type { Interaction } from './cassette.js';
import { pathOf, plainJson, queryPairs, sameBody, type RecordedRequest } from './recorded-request.js';

export interface ClosestInteraction {
  /** 0-based position in the cassette. */
  readonly index: number;
  readonly interaction: Interaction;
  /** `path: sent /items/7, recorded /items/1`, ... */
  readonly differences: string[];
}

const MAX_SHOWN_CHARS = 80;
const MAX_DIFFERENCES = 6;

/** `recordedUrls[i]` is interaction i's URL in canonical form. */
export function closestInteraction(sent: RecordedRequest, interactions: readonly Interaction[], recordedUrls: readonly string[]): ClosestInteraction | undefined {
  let best: ClosestInteraction | undefined;
  let bestScore = Infinity;
  interactions.forEach((interaction, index) => {
    const recorded = { ...interaction.request, url: recordedUrls[index] ?? interaction.request.url };
    const score = differenceScore(sent, recorded);
    if (score < bestScore) {
      bestScore = score;
      best = { index, interaction, differences: [] };
    }
  });
  if (!best) return undefined;
  const chosen = best as ClosestInteraction;
  return { ...chosen, differences: describeDifferences(sent, { ...chosen.interaction.request, url: recordedUrls[chosen.index] ?? chosen.interaction.request.url }) };
}

function differenceScore(sent: RecordedRequest, recorded: RecordedRequest): number {
  let score = 0;
  if (sent.method !== recorded.method) score += 10_000;
  const sentPath = pathOf(sent.url);
  const recordedPath = pathOf(recorded.url);
  if (sentPath !== recordedPath) score += 1000 + boundedDistance(sentPath, recordedPath);
  score += 10 * queryDifferences(queryPairs(sent.url), queryPairs(recorded.url)).length;
  if (recorded.body !== undefined && !sameBody(recorded.body, sent.body)) score += 5;
  return score;
}

function describeDifferences(sent: RecordedRequest, recorded: RecordedRequest): string[] {
  const out: string[] = [];
  if (sent.method !== recorded.method) out.push(`method: sent ${sent.method}, recorded ${recorded.method}`);
  const sentPath = pathOf(sent.url);
  const recordedPath = pathOf(recorded.url);
  if (sentPath !== recordedPath) out.push(`path: sent ${shown(sentPath)}, recorded ${shown(recordedPath)}`);
  out.push(...queryDifferences(queryPairs(sent.url), queryPairs(recorded.url)));
  if (recorded.body !== undefined && !sameBody(recorded.body, sent.body)) out.push(bodyDifference(sent.body, recorded.body));
  return out.slice(0, MAX_DIFFERENCES);
}

function queryDifferences(sent: [string, string][], recorded: [string, string][]): string[] {
  const group = (pairs: [string, string][]) => {
    const map = new Map<string, string[]>();
    for (const [name, value] of pairs) map.set(name, [...(map.get(name) ?? []), value]);
    return map;
  };
  const s = group(sent);
  const r = group(recorded);
  const out: string[] = [];
  for (const name of [...new Set([...s.keys(), ...r.keys()])].sort()) {
    const a = s.get(name);
    const b = r.get(name);
    if (a && b && a.join('\u0000') === b.join('\u0000')) continue;
    if (!b) out.push(`query ${name}: sent ${shownList(a!)}, not recorded`);
    else if (!a) out.push(`query ${name}: not sent, recorded ${shownList(b)}`);
    else out.push(`query ${name}: sent ${shownList(a)}, recorded ${shownList(b)}`);
  }
  return out;
}

/** The first place two bodies differ, as a path: `body.title: sent "Bug", recorded "Bugs"`. */
function bodyDifference(sent: unknown, recorded: unknown): string {
  const found = firstDifference(plainJson(sent), plainJson(recorded), 'body', 0);
  return found ?? `body: sent ${shownJson(sent)}, recorded ${shownJson(recorded)}`;
}

function firstDifference(a: unknown, b: unknown, at: string, depth: number): string | undefined {
  if (sameBody(a, b)) return undefined;
  const bothObjects = a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b);
  if (!bothObjects || depth > 20) return `${at}: sent ${shownJson(a)}, recorded ${shownJson(b)}`;
  const keys = [...new Set([...Object.keys(a as object), ...Object.keys(b as object)])];
  for (const key of keys) {
    const child = Array.isArray(a) ? `${at}[${key}]` : `${at}.${key}`;
    const x = (a as Record<string, unknown>)[key];
    const y = (b as Record<string, unknown>)[key];
    if (x === undefined) return `${child}: not sent, recorded ${shownJson(y)}`;
    if (y === undefined) return `${child}: sent ${shownJson(x)}, not recorded`;
    const inner = firstDifference(x, y, child, depth + 1);
    if (inner) return inner;
  }
  return `${at}: sent ${shownJson(a)}, recorded ${shownJson(b)}`;
}

function boundedDistance(a: string, b: string): number {
  return a.length > 2000 || b.length > 2000 ? 999 : Math.min(999, distance(a, b));
}

function shownList(values: string[]): string {
  return values.length === 1 ? shown(values[0]) : `[${values.map((v) => shown(v)).join(', ')}]`;
}

export function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = typeof value === 'string' && !value.includes('"') && /^[\x21-\x7e]*$/.test(value) && value !== '' ? value : JSON.stringify(value) ?? String(value);
  return text.length > MAX_SHOWN_CHARS ? `${text.slice(0, MAX_SHOWN_CHARS)}…` : text;
}

/** Data as JSON (so 42 and "42" look different), cut short. */
export function shownJson(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_SHOWN_CHARS ? `${text.slice(0, MAX_SHOWN_CHARS)}…` : text;
}
