// Follows pages of a list endpoint and collects their items. One small "next page" function per style; every
// page goes through `send`, so auth, guards, retries and the rate budget apply to each.
import type { Pagination, Scope } from '../model/model.js';
import type { HttpResponse, PreparedRequest } from './prepared-request.js';
import { nextLink } from './link-header.js';

export interface PaginateResult {
  readonly items: unknown[];
  readonly pages: number;
  readonly last: HttpResponse;
  /** True when `maxPages` stopped it while the service still offered a next page. */
  readonly truncated: boolean;
}

interface PageState {
  readonly request: PreparedRequest;
  readonly response: HttpResponse;
  readonly scope: Scope;
  /** Items of this page. */
  readonly count: number;
  /** Cursors and URLs already requested, to stop a service that loops. */
  readonly seen: Set<string>;
}

type NextPage<P extends Pagination> = (p: P, page: PageState) => Promise<PreparedRequest | undefined>;

const NEXT_PAGE: { readonly [S in Pagination['style']]: NextPage<Extract<Pagination, { style: S }>> } = {
  async link(_p, { request, response, seen }) {
    const next = nextLink(response.headers['link'], response.url);
    if (!next || seen.has(next.href)) return undefined;
    seen.add(next.href);
    const query: Record<string, string | string[]> = {};
    for (const key of new Set(next.searchParams.keys())) {
      const values = next.searchParams.getAll(key);
      query[key] = values.length === 1 ? values[0]! : values;
    }
    // The link carries the whole query of the next page; the caller's `send` applies auth again.
    return { ...request, url: `${next.origin}${next.pathname}`, query };
  },
  async cursor(p, { request, scope, seen }) {
    const value = await p.cursor.evaluate(scope);
    if (value === undefined || value === null || value === '' || value === false) return undefined;
    const cursor = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
    if (seen.has(cursor)) return undefined;
    seen.add(cursor);
    return withQuery(request, { [p.cursorParam]: cursor });
  },
  async offset(p, { request, count }) {
    if (count < p.limit) return undefined;
    const offset = Number(request.query[p.offsetParam] ?? 0) + p.limit;
    return withQuery(request, { [p.offsetParam]: String(offset) });
  },
  async page(p, { request, count }) {
    if (count < p.limit || count === 0) return undefined;
    const page = Number(request.query[p.pageParam] ?? p.firstPage) + 1;
    return withQuery(request, { [p.pageParam]: String(page) });
  },
};

export async function paginate(
  first: PreparedRequest,
  p: Pagination,
  send: (request: PreparedRequest) => Promise<HttpResponse>,
  scopeFor: (response: HttpResponse) => Scope,
): Promise<PaginateResult> {
  const items: unknown[] = [];
  const seen = new Set<string>();
  let request = firstRequest(first, p);
  for (let pages = 1; ; pages++) {
    const response = await send(request);
    const scope = scopeFor(response);
    const pageItems = toList(await p.items.evaluate(scope));
    for (const item of pageItems) items.push(item);
    const next = await (NEXT_PAGE[p.style] as NextPage<Pagination>)(p, { request, response, scope, count: pageItems.length, seen });
    if (!next) return { items, pages, last: response, truncated: false };
    if (pages >= p.maxPages) return { items, pages, last: response, truncated: true };
    request = next;
  }
}

// Offset and page styles send their parameters from the first page on; the author's own values win.
function firstRequest(first: PreparedRequest, p: Pagination): PreparedRequest {
  switch (p.style) {
    case 'offset':
      return withDefaults(first, { [p.limitParam]: String(p.limit), [p.offsetParam]: '0' });
    case 'page':
      return withDefaults(first, { [p.limitParam]: String(p.limit), [p.pageParam]: String(p.firstPage) });
    default:
      return first;
  }
}

function withQuery(request: PreparedRequest, values: Record<string, string>): PreparedRequest {
  return { ...request, query: { ...request.query, ...values } };
}

function withDefaults(request: PreparedRequest, values: Record<string, string>): PreparedRequest {
  return { ...request, query: { ...values, ...request.query } };
}

function toList(value: unknown): readonly unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}
