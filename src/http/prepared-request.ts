// A request after templates are rendered: what the HTTP pipeline sends. Auth schemes and guards only add to it.
import type { FileHandle } from '../model/file-handle.js';

export type PreparedBody =
  | { readonly type: 'json'; readonly value: unknown }
  | { readonly type: 'form'; readonly fields: Readonly<Record<string, string>> }
  | { readonly type: 'raw'; readonly text: string | Buffer; readonly contentType: string }
  | { readonly type: 'file'; readonly file: FileHandle }
  | { readonly type: 'multipart'; readonly parts: readonly PreparedPart[] };

export type PreparedPart =
  | { readonly name: string; readonly value: string }
  | { readonly name: string; readonly file: FileHandle; readonly filename?: string; readonly contentType?: string };

export interface PreparedRequest {
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Absolute URL, query not included. */
  url: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  body?: PreparedBody;
  responseType: 'json' | 'text' | 'binary' | 'file';
  timeoutMs: number;
  /** POST/PATCH are retried only when true; GET/HEAD/PUT/DELETE always may be. */
  idempotent: boolean;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Parsed JSON, text, a Buffer (binary) or a FileHandle (file). */
  readonly body: unknown;
  /** Final URL after redirects, without query string or credentials (they may hold a key). */
  readonly url: string;
  /** What the pipeline did to get this response (retries, redirects, re-sent auth), for --explain and records. */
  readonly attempts?: readonly HttpAttempt[];
}

/** One request on the wire. URLs carry no query string (it may hold a key). */
export interface HttpAttempt {
  readonly method: string;
  readonly url: string;
  /** Absent when no response arrived (network error, timeout). */
  readonly status?: number;
  /** HTTP_NETWORK / HTTP_TIMEOUT / ... with the network code, e.g. `HTTP_NETWORK ECONNRESET`. */
  readonly error?: string;
  /** Redirect targets followed during this attempt, in order. */
  readonly redirects: readonly string[];
  /** Time spent waiting for the connection's rate budget before sending. */
  readonly rateWaitMs: number;
  /** `final`: this attempt's outcome was returned or thrown; `retry`: sent again after `waitMs`; `reauthorize`: re-sent with fresh credentials. */
  readonly outcome: 'final' | 'retry' | 'reauthorize';
  readonly waitMs?: number;
  /** Why the pipeline decided the outcome, e.g. `Retry-After 120 s exceeds the 60 s cap`. */
  readonly note?: string;
}
