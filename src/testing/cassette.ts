// Cassettes: the recorded HTTP exchanges of one test case, as YAML that diffs well. Keys are written in one fixed
// order (request before response; method, url, headers, body) and data keys (headers, JSON bodies) sorted;
// interactions stay in the order they were sent. Reading validates against the schema's `cassette` definition.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Document } from 'yaml';
import type { Diagnostic } from '../errors/diagnostic.js';
import { makeDiagnostic } from '../errors/codes.js';
import { validateWithSchema } from '../schema/validate-definition.js';
import { DEFAULT_SOURCE_LIMITS, SourceFile, type SourceLimits } from '../source/source-file.js';
import { readBoundedText } from './read-bounded-text.js';
import type { RecordedRequest } from './recorded-request.js';
import { cassetteValidator } from './test-schemas.js';

export interface RecordedResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON or text; absent when `bodyBase64` holds binary bytes. */
  readonly body?: unknown;
  readonly bodyBase64?: string;
}

export interface Interaction {
  readonly request: RecordedRequest;
  readonly response: RecordedResponse;
}

export interface Cassette {
  readonly connector?: string;
  readonly case?: string;
  readonly interactions: readonly Interaction[];
}

/** Responses can be large: cassettes get more room than definitions, and JSON may nest deeper. */
export const CASSETTE_LIMITS: SourceLimits = Object.freeze({
  ...DEFAULT_SOURCE_LIMITS,
  maxBytes: 16 * 1024 * 1024,
  maxDepth: 200,
  maxNodes: 2_000_000,
});

export type CassetteRead =
  | { readonly ok: true; readonly cassette: Cassette }
  | { readonly ok: false; readonly missing: true }
  | { readonly ok: false; readonly missing: false; readonly diagnostics: Diagnostic[] };

/** `file` is the project-relative name used in diagnostics. */
export async function readCassette(absPath: string, file: string): Promise<CassetteRead> {
  const read = await readBoundedText(absPath, CASSETTE_LIMITS.maxBytes);
  if ('missing' in read) return { ok: false, missing: true };
  if ('problem' in read) return { ok: false, missing: false, diagnostics: [makeDiagnostic(read.problem.code, read.problem.message, file, { line: 1, column: 1, length: 1 })] };
  return parseCassette(read.text, file);
}

export function parseCassette(text: string, file: string): CassetteRead {
  const source = new SourceFile(file, text, CASSETTE_LIMITS);
  const diagnostics = source.diagnostics.length > 0 ? source.diagnostics : validateWithSchema(source, cassetteValidator());
  if (diagnostics.length > 0) return { ok: false, missing: false, diagnostics };
  const value = source.value as { connector?: string; case?: string; interactions: Interaction[] };
  const interactions = value.interactions.map((i) => ({
    request: { ...i.request, headers: i.request.headers ?? {} },
    response: { ...i.response, headers: i.response.headers ?? {} },
  }));
  return { ok: true, cassette: { ...value, interactions } };
}

const HEADER_COMMENT =
  ' Recorded by `runtime test --record`; replayed by `runtime test`. Secrets appear only as <SECRET:name>.\n' +
  ' Edit with care: requests are matched on method, url and body.';

/** The YAML text of a cassette: fixed key order, data keys sorted, long strings never folded. */
export function cassetteText(cassette: Cassette): string {
  const ordered = {
    ...(cassette.connector !== undefined && { connector: cassette.connector }),
    ...(cassette.case !== undefined && { case: cassette.case }),
    interactions: cassette.interactions.map((i) => ({
      request: {
        method: i.request.method,
        url: i.request.url,
        ...(Object.keys(i.request.headers).length > 0 && { headers: sortKeysDeep(i.request.headers) }),
        ...(i.request.body !== undefined && { body: sortKeysDeep(i.request.body) }),
      },
      response: {
        status: i.response.status,
        ...(Object.keys(i.response.headers).length > 0 && { headers: sortKeysDeep(i.response.headers) }),
        ...(i.response.body !== undefined && { body: sortKeysDeep(i.response.body) }),
        ...(i.response.bodyBase64 !== undefined && { bodyBase64: i.response.bodyBase64 }),
      },
    })),
  };
  const doc = new Document(ordered, { aliasDuplicateObjects: false });
  doc.commentBefore = HEADER_COMMENT;
  return doc.toString({ lineWidth: 0, minContentWidth: 0 });
}

/** Writes via a temporary file and a rename, so a crash never leaves half a cassette. */
export async function writeCassetteText(absPath: string, text: string): Promise<void> {
  await mkdir(path.dirname(absPath), { recursive: true });
  const temp = `${absPath}.${process.pid}.tmp`;
  await writeFile(temp, text, 'utf8');
  await rename(temp, absPath);
}

function sortKeysDeep(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object' || depth > 200) return value;
  if (Array.isArray(value)) return value.map((item) => sortKeysDeep(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    Object.defineProperty(out, key, { value: sortKeysDeep((value as Record<string, unknown>)[key], depth + 1), enumerable: true, writable: true, configurable: true });
  }
  return out;
}
