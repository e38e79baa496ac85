// Writing answers. Every body is JSON (or fixed text) built by the server, never request data spliced into
// HTML; writes after an answer was already sent (e.g. after the handler deadline) are dropped.
import type { ServerResponse } from 'node:http';

const COMMON_HEADERS: Readonly<Record<string, string>> = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

export function canAnswer(res: ServerResponse): boolean {
  return !res.headersSent && !res.writableEnded && !res.destroyed;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): void {
  sendBody(res, status, JSON.stringify(body), { 'content-type': 'application/json; charset=utf-8', ...headers });
}

/** The one error shape of the server: a code and a fixed sentence (no request data). */
export function sendError(res: ServerResponse, status: number, code: string, message: string, headers: Readonly<Record<string, string>> = {}): void {
  sendJson(res, status, { error: code, message }, headers);
}

export function sendBody(res: ServerResponse, status: number, body: string | undefined, headers: Readonly<Record<string, string>>): void {
  if (!canAnswer(res)) return;
  res.writeHead(status, { ...COMMON_HEADERS, ...headers, ...(body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }) });
  res.end(body);
}
