// `request` steps: templated URL, query, headers and body; response handling; pagination.
// Defaults: response json, timeout the connector's, paginate maxPages 10 and limit 100.
import type { HttpMethod, MultipartPart, Pagination, RequestBody, RequestStep } from '../model/model.js';
import type { Path } from '../source/source-file.js';
import type { CompileContext } from './compile-context.js';
import type { StepBase } from './compile-steps.js';
import { asPositiveInteger, asRecord, asString, entriesOf } from './plain-data.js';

/** The keys that carry a request body; a request has at most one (the DEF_CONFLICT check says so). */
export const REQUEST_BODY_KEYS = ['json', 'form', 'body', 'file', 'multipart'] as const;

const METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']);
const RESPONSES: ReadonlySet<string> = new Set(['json', 'text', 'binary', 'file']);

export function compileRequestStep(ctx: CompileContext, stepPath: Path, base: StepBase): RequestStep {
  const at = [...stepPath, 'request'];
  const raw = asRecord(ctx.get(at)) ?? {};
  const method = asString(raw.method)?.toUpperCase() ?? 'GET';
  const response = asString(raw.response) ?? 'json';
  const body = compileRequestBody(ctx, at, raw);
  return {
    ...base,
    kind: 'request',
    method: (METHODS.has(method) ? method : 'GET') as HttpMethod,
    url: ctx.template([...at, 'url']),
    query: ctx.templateMap([...at, 'query']),
    headers: ctx.templateMap([...at, 'headers']),
    response: (RESPONSES.has(response) ? response : 'json') as RequestStep['response'],
    timeoutMs: ctx.duration([...at, 'timeout'], ctx.defaults.requestTimeoutMs),
    ...(body && { body }),
    ...(typeof raw.idempotent === 'boolean' && { idempotent: raw.idempotent }),
    ...(ctx.has([...at, 'paginate']) && { paginate: compilePagination(ctx, [...at, 'paginate']) }),
  };
}

function compileRequestBody(ctx: CompileContext, at: Path, raw: Record<string, unknown>): RequestBody | undefined {
  const key = REQUEST_BODY_KEYS.find((k) => raw[k] !== undefined && raw[k] !== null);
  switch (key) {
    case 'json':
      return { type: 'json', value: ctx.templateValue([...at, 'json']) };
    case 'form':
      return { type: 'form', fields: ctx.templateMap([...at, 'form']) };
    case 'body':
      return { type: 'raw', template: ctx.template([...at, 'body']), contentType: asString(raw.contentType) ?? 'text/plain' };
    case 'file':
      return { type: 'file', file: ctx.expression([...at, 'file']) };
    case 'multipart': {
      const parts: Record<string, MultipartPart> = {};
      for (const [name] of entriesOf(raw.multipart)) parts[name] = compilePart(ctx, [...at, 'multipart', name]);
      return { type: 'multipart', parts };
    }
    default:
      return undefined;
  }
}

function compilePart(ctx: CompileContext, at: Path): MultipartPart {
  const raw = asRecord(ctx.get(at)) ?? {};
  const file = ctx.optionalExpression([...at, 'file']);
  const value = ctx.optionalTemplate([...at, 'value']);
  const filename = ctx.optionalTemplate([...at, 'filename']);
  const contentType = asString(raw.contentType);
  return {
    ...(file && { file }),
    ...(value && { value }),
    ...(filename && { filename }),
    ...(contentType !== undefined && { contentType }),
  };
}

function compilePagination(ctx: CompileContext, at: Path): Pagination {
  const raw = asRecord(ctx.get(at)) ?? {};
  // Pagination expressions read one HTTP response ({status, headers, body}), not the flow's scope.
  const items = ctx.has([...at, 'items']) ? ctx.expression([...at, 'items'], 'data') : ctx.impliedExpression('body', at);
  const maxPages = asPositiveInteger(raw.maxPages, 10);
  const limit = asPositiveInteger(raw.limit, 100);
  const limitParam = asString(raw.limitParam) ?? 'limit';
  switch (raw.style) {
    case 'cursor':
      return {
        style: 'cursor',
        items,
        // Without a cursor the DEF_CONFLICT check reports the pagination; `null` stops after one page.
        cursor: ctx.has([...at, 'cursor']) ? ctx.expression([...at, 'cursor'], 'data') : ctx.impliedExpression('null', at),
        cursorParam: asString(raw.cursorParam) ?? 'cursor',
        maxPages,
      };
    case 'offset':
      return { style: 'offset', items, offsetParam: asString(raw.offsetParam) ?? 'offset', limitParam, limit, maxPages };
    case 'page':
      return {
        style: 'page',
        items,
        pageParam: asString(raw.pageParam) ?? 'page',
        limitParam,
        limit,
        firstPage: typeof raw.firstPage === 'number' && Number.isInteger(raw.firstPage) ? raw.firstPage : 1,
        maxPages,
      };
    default:
      return { style: 'link', items, maxPages };
  }
}
