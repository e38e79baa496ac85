// The interpreter end to end: the real loader compiles test/fixtures/engine/project, a real store holds the
// connection, and every request reaches the shop service on 127.0.0.1.
import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import util from 'node:util';
import { loadProject } from '../../src/project/load-project.js';
import { openRuntime, type Runtime } from '../../src/runtime/open-runtime.js';
import type { Connection } from '../../src/model/connection.js';
import type { ExplainEntry, StepRecord } from '../../src/engine/run-context.js';
import { RuntimeError } from '../../src/errors/runtime-error.js';
import { isFileHandle, type FileHandle } from '../../src/model/file-handle.js';
import { API_KEY, startShop, type ShopService } from './shop-service.js';

const PROJECT = path.resolve('test/fixtures/engine/project');

async function failure(promise: Promise<unknown>): Promise<RuntimeError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(RuntimeError);
    return error as RuntimeError;
  }
  throw new Error('expected the run to fail');
}

describe('interpreter', () => {
  let shop: ShopService;
  let runtime: Runtime;
  let connection: Connection;
  let dataDir: string;

  before(async () => {
    shop = await startShop();
    const loaded = await loadProject(PROJECT);
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).to.deep.equal([]);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'engine-'));
    runtime = openRuntime({ model: loaded.model!, dataDir, allowPrivateNetwork: true, http: { retry: { baseDelayMs: 1, maxDelayMs: 5 } } as never });
    connection = runtime.store.connections.create('shop', 'main', { host: `127.0.0.1:${shop.server.port}`, apiKey: API_KEY }, ['apiKey']);
  });

  after(async () => {
    await runtime.close();
    await shop.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const run = (card: string, inputs: Record<string, unknown> = {}, options: Record<string, unknown> = {}, hooks = {}) =>
    runtime.engine.runAction('shop', card, { connection, inputs, options }, hooks);

  describe('request, return and typed outputs', () => {
    it('applies custom auth, renders the path and types the outputs', async () => {
      const out = await run('get_item', { id: '1' });
      expect(out).to.deep.equal({ id: 1, name: 'Lamp', price: 20, tags: ['home'], created: '2026-01-02T03:04:05Z', active: true, meta: { sku: 'L-1' } });
      expect(shop.server.received.at(-1)!.url).to.equal('/api/items/1');
    });

    it('sends the connector-wide headers, a step header of the same name (any case) replacing one', async () => {
      await run('get_item', { id: 2 });
      const headers = shop.server.received.at(-1)!.headers;
      expect(headers['x-client']).to.equal('connector-runtime-tests');
      expect(headers.accept).to.equal('application/json; charset=utf-8');
      await run('list_all');
      expect(shop.server.received.at(-1)!.headers.accept).to.equal('application/json');
    });

    it('sends a typed JSON body: numbers, lists and objects keep their type, mixed text is rendered', async () => {
      const out = (await run('create_item', { name: 'Pen', price: '2.5', tags: 'blue', meta: { sku: 'P-9', extra: 1 } }, { currency: 'USD' })) as { id: number; echo: Record<string, unknown> };
      const sent = JSON.parse(shop.server.received.at(-1)!.body.toString('utf8'));
      expect(sent).to.deep.equal({ name: 'Pen', price: 2.5, tags: ['blue'], label: 'Pen (USD)', meta: { sku: 'P-9', extra: 1 } });
      expect(shop.server.received.at(-1)!.url).to.equal('/api/items?currency=USD');
      expect(out.id).to.be.a('number');
      expect(out.echo.currency).to.equal('USD');
    });

    it('applies option defaults', async () => {
      await run('create_item', { name: 'Cup', price: 3 });
      expect(shop.server.received.at(-1)!.url).to.equal('/api/items?currency=EUR');
    });
  });

  describe('typed inputs', () => {
    it('coerces good values of every type', async () => {
      const out = await run('typed_echo', { text: 12, number: '7.5', flag: 'true', when: '2026-11-23T18:00:00Z', obj: { a: 1 }, names: 'solo' });
      expect(out).to.deep.equal({ text: '12', number: 7.5, flag: true, when: '2026-11-23T18:00:00Z', obj: { a: 1 }, names: ['solo'] });
    });

    const bad: [string, unknown, string][] = [
      ['number', 'seven', "shop.typed_echo: input 'number' expects Number, got Text"],
      ['flag', 'yes', "shop.typed_echo: input 'flag' expects True/False, got Text"],
      ['when', '23/11/2026', "shop.typed_echo: input 'when' expects Date & Time (ISO-8601, e.g. 2026-11-23T18:00:00Z), got Text"],
      ['when', '2026-13-45T00:00:00Z', "shop.typed_echo: input 'when' expects Date & Time (ISO-8601, e.g. 2026-11-23T18:00:00Z), got Text"],
      ['obj', [1, 2], "shop.typed_echo: input 'obj' expects Object, got a list"],
      ['text', { a: 1 }, "shop.typed_echo: input 'text' expects Text, got an Object"],
      ['doc', 'report.pdf', "shop.typed_echo: input 'doc' expects File, got Text"],
    ];
    for (const [field, value, message] of bad) {
      it(`refuses ${JSON.stringify(value)} for ${field} with a message naming card, field and type`, async () => {
        const error = await failure(run('typed_echo', { [field]: value }));
        expect(error.code).to.equal('TYPE_MISMATCH');
        expect(error.message).to.equal(message);
        expect(error.actor).to.equal('user');
      });
    }

    it('refuses a missing required input, an unknown input and a bad choice', async () => {
      expect((await failure(run('get_item', {}))).code).to.equal('TYPE_REQUIRED');
      const unknown = await failure(run('get_item', { id: 1, idd: 2 }));
      expect(unknown.code).to.equal('TYPE_UNKNOWN_FIELD');
      expect(unknown.message).to.contain("unknown input 'idd'");
      const choice = await failure(run('create_item', { name: 'x', price: 1 }, { currency: 'GBP' }));
      expect(choice.code).to.equal('TYPE_CHOICE');
      expect(choice.message).to.equal("shop.create_item: option 'currency' must be one of EUR, USD");
    });

    it('checks nested object fields', async () => {
      const wrong = await failure(run('create_item', { name: 'x', price: 1, meta: { sku: { id: 5 } } }));
      expect(wrong.message).to.equal("shop.create_item: input 'meta.sku' expects Text, got an Object");
      const missing = await failure(run('create_item', { name: 'x', price: 1, meta: {} }));
      expect(missing.code).to.equal('TYPE_REQUIRED');
      expect(missing.message).to.contain("'meta.sku'");
    });
  });

  describe('control flow', () => {
    it('runs forEach with concurrency, call, try/catch on a 404 and if, keeping item order', async () => {
      const out = await run('sum_prices', { ids: [1, 404, 2, 3, 999] });
      expect(out).to.deep.equal({ total: 250.5, found: 3, missing: [404, 999] });
    });

    it('follows Link pagination across pages', async () => {
      const out = (await run('list_all')) as { names: string[]; pages: number };
      expect(out.names.slice(0, 3)).to.deep.equal(['Lamp', 'Desk', 'Chair']);
      expect(out.pages).to.be.greaterThan(1);
    });

    it('raises an error with the author\'s status, code and rendered message', async () => {
      const error = await failure(run('checked_discount', { price: 10, percent: 95 }));
      expect(error.code).to.equal('DISCOUNT_TOO_HIGH');
      expect(error.status).to.equal(400);
      expect(error.message).to.equal('a discount of 95% is not allowed');
      expect(error.origin?.file).to.equal('connectors/shop.yaml');
      expect(error.trail.join('\n')).to.match(/raise at connectors\/shop\.yaml:\d+:\d+/);
    });

    it('calls a named export of a project TypeScript module in a code step', async () => {
      expect(await run('checked_discount', { price: 80, percent: 25 })).to.deep.equal({ price: 60 });
    });

    it('stops runaway recursion between helpers', async () => {
      const error = await failure(run('recurse'));
      expect(error.code).to.equal('RUN_CALL_DEPTH');
      expect(error.actor).to.equal('author');
    });
  });

  describe('files', () => {
    it('downloads a binary response into the file store and uploads it again as multipart', async () => {
      const { doc } = (await run('download')) as { doc: FileHandle };
      expect(isFileHandle(doc)).to.equal(true);
      expect(doc).to.include({ name: 'report.csv', size: 8 });
      expect(doc.contentType).to.match(/^text\/csv/);
      const { received } = (await run('upload', { doc })) as { received: Record<string, unknown> };
      expect(received).to.deep.include({ name: 'report.csv', size: 8, text: 'a,b\n1,2\n', note: `from 127.0.0.1:${shop.server.port}` });
    });
  });

  describe('dynamic fields', () => {
    it('types inputs with fields the service returns, and caches them per connection', async () => {
      const before = shop.hits.get('/api/schema') ?? 0;
      const error = await failure(run('custom_fields_item', { name: 'Vase' }));
      expect(error.code).to.equal('TYPE_REQUIRED');
      expect(error.message).to.contain("'color'");
      const out = (await run('custom_fields_item', { name: 'Vase', color: 'red', weight: '1.5' })) as { id: number };
      expect(out.id).to.be.a('number');
      expect(JSON.parse(shop.server.received.at(-1)!.body.toString('utf8'))).to.deep.equal({ name: 'Vase', color: 'red', weight: 1.5 });
      expect((shop.hits.get('/api/schema') ?? 0) - before).to.equal(1);
    });
  });

  describe('system flows', () => {
    it('gives the revoke flow, and only it, the connection\'s tokens', async () => {
      const created = runtime.store.connections.create('tokens', 'main', { host: `127.0.0.1:${shop.server.port}`, clientId: 'c', clientSecret: 'client-secret-1' }, ['clientSecret']);
      expect(runtime.store.connections.saveTokens(created.id, { accessToken: 'tok-123456' }, created.tokenVersion)).to.equal(true);
      shop.server.reset((_req, res) => {
        res.end('{}');
      });
      await runtime.engine.runSystemFlow('tokens', 'revoke', runtime.store.connections.get('tokens', 'main')!);
      const request = shop.server.received.at(-1)!;
      expect(Object.fromEntries(new URLSearchParams(request.body.toString('utf8')))).to.deep.equal({ token: 'tok-123456', host: `127.0.0.1:${shop.server.port}` });
      expect(request.headers.authorization).to.equal('Bearer tok-123456');
      const fresh = await startShop(); // the shared service's handler was replaced: later tests get their own
      await shop.close();
      shop = fresh;
      connection = runtime.store.connections.create('shop', 'second', { host: `127.0.0.1:${shop.server.port}`, apiKey: API_KEY }, ['apiKey']);
    });

    it('runs authping and returns the account label', async () => {
      expect(await runtime.engine.runSystemFlow('shop', 'authping', connection)).to.deep.equal({ label: 'ada' });
    });
  });

  describe('secrets', () => {
    it('keeps the API key out of errors, even when the service echoes it', async () => {
      const error = await failure(run('leak_probe'));
      expect(error.code).to.equal('HTTP_STATUS');
      expect(error.status).to.equal(500);
      for (const text of [error.message, util.inspect(error, { depth: 10 }), JSON.stringify(error), error.trail.join()]) {
        expect(text).not.to.contain(API_KEY);
      }
    });

    it('masks secrets in --explain entries and execution records', async () => {
      const explained: ExplainEntry[] = [];
      const steps: StepRecord[] = [];
      const executionId = runtime.store.executions.start({ kind: 'action', target: 'shop.create_item', connection: 'main', input: {}, secrets: [API_KEY] });
      await run('create_item', { name: `named ${API_KEY}`, price: 1 }, {}, {
        explain: (e: ExplainEntry) => explained.push(e),
        recorder: { step: (s: StepRecord) => { steps.push(s); runtime.store.executions.step(executionId, s); } },
      });
      runtime.store.executions.finish(executionId, 'succeeded', {});
      expect(explained.map((e) => e.what)).to.include.members(['query currency', 'json body', 'return id']);
      expect(JSON.stringify(explained)).not.to.contain(API_KEY);
      expect(steps.map((s) => s.kind)).to.deep.equal(['request', 'return']);
      const shown = runtime.store.executions.show(executionId);
      expect(JSON.stringify(shown)).not.to.contain(API_KEY);
      expect(JSON.stringify(shown)).to.contain('[REDACTED]');
    });
  });
});

describe('interpreter: user flows, basic auth and guard rails', () => {
  let shop: ShopService;
  let dataDir: string;
  let model: NonNullable<Awaited<ReturnType<typeof loadProject>>['model']>;

  before(async () => {
    shop = await startShop();
    model = (await loadProject(PROJECT)).model!;
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'engine-flow-'));
  });
  after(async () => {
    await shop.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs a manual user flow whose action steps use a named stored connection', async () => {
    const runtime = openRuntime({ model, dataDir, allowPrivateNetwork: true });
    try {
      if (!runtime.store.connections.get('shop', 'main')) {
        runtime.store.connections.create('shop', 'main', { host: `127.0.0.1:${shop.server.port}`, apiKey: API_KEY }, ['apiKey']);
      }
      const out = (await runtime.engine.runUserFlow(model.flows.get('restock')!, { ids: [1, 2, 3], threshold: '90' })) as { ordered: string[]; orderId: number };
      expect(out.ordered).to.deep.equal(['Lamp', 'Chair']);
      expect(out.orderId).to.be.a('number');
      expect(JSON.parse(shop.server.received.at(-1)!.body.toString('utf8')).name).to.equal('Restock: Lamp, Chair');
      const missing = await failure(runtime.engine.runUserFlow(model.flows.get('restock')!, {}));
      expect(missing.code).to.equal('TYPE_REQUIRED');
    } finally {
      await runtime.close();
    }
  });

  it('names the connection to create when a flow uses one that does not exist', async () => {
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'engine-empty-'));
    const runtime = openRuntime({ model, dataDir: other, allowPrivateNetwork: true });
    try {
      const error = await failure(runtime.engine.runUserFlow(model.flows.get('restock')!, { ids: [1] }));
      expect(error.code).to.equal('CONNECTION_NOT_FOUND');
      expect(error.message).to.contain('runtime connections create shop --name main');
    } finally {
      await runtime.close();
      fs.rmSync(other, { recursive: true, force: true });
    }
  });

  it('sends Basic credentials, and refuses loopback unless the connector or the runtime allows it', async () => {
    shop.server.reset((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ authorization: req.headers.authorization }));
    });
    const fields = { host: `127.0.0.1:${shop.server.port}`, username: 'Aladdin', password: 'open sesame' };
    const guarded = openRuntime({ model, dataDir, allowPrivateNetwork: false });
    try {
      const connection = guarded.store.connections.create('vault', 'guarded', fields, ['password']);
      const error = await failure(guarded.engine.runAction('vault', 'whoami', { connection }));
      expect(error.code).to.equal('HTTP_PRIVATE_ADDRESS');
      expect(shop.server.received).to.have.length(0);
    } finally {
      await guarded.close();
    }
    const allowed = openRuntime({ model, dataDir, allowPrivateNetwork: true });
    try {
      const connection = allowed.store.connections.get('vault', 'guarded')!;
      expect(await allowed.engine.runAction('vault', 'whoami', { connection })).to.deep.equal({ authorization: 'Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==' });
    } finally {
      await allowed.close();
    }
  });
});
