// Each pagination style against a real server, with JSONata `items`/`cursor` compiled by src/expr.
import { expect } from 'chai';
import { createHttpClient, type HttpClient } from '../../src/http/http-client.js';
import { paginate } from '../../src/http/paginate.js';
import { compileExpression } from '../../src/expr/compile-expression.js';
import type { Expression, Pagination } from '../../src/model/model.js';
import type { HttpResponse, PreparedRequest } from '../../src/http/prepared-request.js';
import { json, localContext, rejection, request, startServer, type TestServer } from './test-server.js';

function expr(source: string): Expression {
  const result = compileExpression(source, { file: 'connectors/acme.yaml', line: 1, column: 1 });
  if (!result.ok) throw new Error(`test expression does not compile: ${source}`);
  return result.expression;
}

const ALL = Array.from({ length: 23 }, (_, i) => ({ id: i + 1 }));
const scopeFor = (r: HttpResponse) => ({ body: r.body, headers: r.headers, status: r.status });

describe('http: pagination', () => {
  let server: TestServer;
  let client: HttpClient;
  let send: (r: PreparedRequest) => Promise<HttpResponse>;

  before(async () => {
    server = await startServer();
    client = createHttpClient();
    send = (r) => client.send(r, localContext());
  });
  after(async () => {
    client.close();
    await server.close();
  });

  const query = (i: number) => new URL(server.received[i]!.url, server.base).searchParams;

  it('link: follows rel="next" (absolute and relative) until there is none', async () => {
    server.reset((req, res) => {
      const page = Number(new URL(req.url!, server.base).searchParams.get('page') ?? 1);
      const links = [`<${server.base}/items?page=1>; rel="first"`];
      if (page === 1) links.push(`<${server.base}/items?page=2&per_page=10>; rel="next"`);
      if (page === 2) links.push('</items?page=3&per_page=10>; rel="next last"');
      json(res, 200, ALL.slice((page - 1) * 10, page * 10), { link: links.join(', ') });
    });
    const p: Pagination = { style: 'link', items: expr('body'), maxPages: 10 };
    const result = await paginate(request(`${server.base}/items`, { query: { per_page: '10' } }), p, send, scopeFor);
    expect(result.items).to.deep.equal(ALL);
    expect(result.pages).to.equal(3);
    expect(result.truncated).to.equal(false);
    expect(server.received.map((r) => r.url)).to.deep.equal(['/items?per_page=10', '/items?page=2&per_page=10', '/items?page=3&per_page=10']);
  });

  it('link: a next link to an undeclared host is refused by the host guard', async () => {
    server.reset((_req, res) => json(res, 200, [1], { link: '<https://evil.example/items?page=2>; rel="next"' }));
    const p: Pagination = { style: 'link', items: expr('body'), maxPages: 10 };
    const error = await rejection(paginate(request(`${server.base}/items`), p, send, scopeFor));
    expect(error.code).to.equal('HTTP_HOST_NOT_ALLOWED');
    expect(server.received).to.have.length(1);
  });

  it('cursor: sends the JSONata cursor until it is empty', async () => {
    server.reset((req, res) => {
      const cursor = Number(new URL(req.url!, server.base).searchParams.get('after') ?? 0);
      const page = ALL.slice(cursor, cursor + 10);
      json(res, 200, { data: page, meta: { next: cursor + 10 < ALL.length ? String(cursor + 10) : null } });
    });
    const p: Pagination = { style: 'cursor', items: expr('body.data'), cursor: expr('body.meta.next'), cursorParam: 'after', maxPages: 10 };
    const result = await paginate(request(`${server.base}/items`, { query: { filter: 'open' } }), p, send, scopeFor);
    expect(result.items).to.deep.equal(ALL);
    expect(result.pages).to.equal(3);
    expect(query(2).get('after')).to.equal('20');
    expect(query(2).get('filter')).to.equal('open');
  });

  it('cursor: a service repeating the same cursor does not loop', async () => {
    server.reset((_req, res) => json(res, 200, { data: [1], next: 'same' }));
    const p: Pagination = { style: 'cursor', items: expr('body.data'), cursor: expr('body.next'), cursorParam: 'c', maxPages: 50 };
    const result = await paginate(request(`${server.base}/items`), p, send, scopeFor);
    expect(result.pages).to.equal(2);
    expect(result.truncated).to.equal(false);
  });

  it('offset: offset += limit until a short page', async () => {
    server.reset((req, res) => {
      const q = new URL(req.url!, server.base).searchParams;
      const offset = Number(q.get('offset'));
      json(res, 200, { rows: ALL.slice(offset, offset + Number(q.get('limit'))) });
    });
    const p: Pagination = { style: 'offset', items: expr('body.rows'), offsetParam: 'offset', limitParam: 'limit', limit: 10, maxPages: 10 };
    const result = await paginate(request(`${server.base}/items`), p, send, scopeFor);
    expect(result.items).to.deep.equal(ALL);
    expect([0, 1, 2].map((i) => [query(i).get('offset'), query(i).get('limit')])).to.deep.equal([['0', '10'], ['10', '10'], ['20', '10']]);
  });

  it('page: pageParam from firstPage until a short page', async () => {
    server.reset((req, res) => {
      const q = new URL(req.url!, server.base).searchParams;
      const page = Number(q.get('p'));
      const size = Number(q.get('size'));
      json(res, 200, ALL.slice(page * size, (page + 1) * size));
    });
    const p: Pagination = { style: 'page', items: expr('body'), pageParam: 'p', limitParam: 'size', limit: 5, firstPage: 0, maxPages: 10 };
    const result = await paginate(request(`${server.base}/items`), p, send, scopeFor);
    expect(result.items).to.deep.equal(ALL);
    expect(result.pages).to.equal(5);
    expect(query(0).get('p')).to.equal('0');
    expect(query(4).get('p')).to.equal('4');
  });

  it('maxPages stops early and says the result is truncated', async () => {
    server.reset((req, res) => {
      const q = new URL(req.url!, server.base).searchParams;
      json(res, 200, ALL.slice(Number(q.get('offset')), Number(q.get('offset')) + 5));
    });
    const p: Pagination = { style: 'offset', items: expr('body'), offsetParam: 'offset', limitParam: 'limit', limit: 5, maxPages: 2 };
    const result = await paginate(request(`${server.base}/items`), p, send, scopeFor);
    expect(result.pages).to.equal(2);
    expect(result.truncated).to.equal(true);
    expect(result.items).to.deep.equal(ALL.slice(0, 10));
    expect(server.received).to.have.length(2);
  });

  it('a single object from `items` counts as one item; no match as none', async () => {
    server.reset((_req, res) => json(res, 200, { one: { id: 1 } }));
    const one = await paginate(request(`${server.base}/x`), { style: 'link', items: expr('body.one'), maxPages: 3 }, send, scopeFor);
    expect(one.items).to.deep.equal([{ id: 1 }]);
    const none = await paginate(request(`${server.base}/x`), { style: 'link', items: expr('body.missing'), maxPages: 3 }, send, scopeFor);
    expect(none.items).to.deep.equal([]);
  });
});
