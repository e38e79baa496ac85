// Response bodies by `responseType`, downloads into the real file store, and size limits.
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { createHttpClient, type HttpClient } from '../../src/http/http-client.js';
import type { FileHandle } from '../../src/model/file-handle.js';
import { json, localContext, rejection, request, startServer, type TestServer } from './test-server.js';
import { openTempStore, type TempStore } from './temp-store.js';

describe('http: response bodies', () => {
  let server: TestServer;
  let client: HttpClient;
  let temp: TempStore;

  before(async () => {
    server = await startServer();
    client = createHttpClient({ maxFileBytes: 1024 * 1024 });
    temp = openTempStore();
  });
  after(async () => {
    client.close();
    await server.close();
    temp.remove();
  });

  it('json: parsed when the content type says JSON', async () => {
    server.reset((_req, res) => json(res, 200, { id: 7, tags: ['a'] }));
    const response = await client.send(request(`${server.base}/x`), localContext());
    expect(response.status).to.equal(200);
    expect(response.body).to.deep.equal({ id: 7, tags: ['a'] });
    expect(response.headers['content-type']).to.equal('application/json');
  });

  it('json: parsed when the body looks like JSON under another content type, else kept as text', async () => {
    server.reset((req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(req.url === '/looks' ? ' [1, 2]' : 'plain words');
    });
    expect((await client.send(request(`${server.base}/looks`), localContext())).body).to.deep.equal([1, 2]);
    expect((await client.send(request(`${server.base}/plain`), localContext())).body).to.equal('plain words');
  });

  it('json: an empty body (204) is null', async () => {
    server.reset((_req, res) => {
      res.writeHead(204);
      res.end();
    });
    expect((await client.send(request(`${server.base}/x`, { method: 'DELETE' }), localContext())).body).to.equal(null);
  });

  it('json: invalid JSON declared as JSON is HTTP_BAD_RESPONSE with the status, without the body in the message', async () => {
    server.reset((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end('{"id": 1, broken-canary');
    });
    const error = await rejection(client.send(request(`${server.base}/x`), localContext()));
    expect(error.code).to.equal('HTTP_BAD_RESPONSE');
    expect(error.status).to.equal(200);
    expect(error.message).to.equal(`GET ${server.base}/x answered 200 with a body that is not valid JSON`);
    expect(error.body).to.equal('{"id": 1, broken-canary');
  });

  it('text: decoded with the charset of the content type', async () => {
    server.reset((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; charset=iso-8859-1' });
      res.end(Buffer.from([0x63, 0x61, 0x66, 0xe9]));
    });
    expect((await client.send(request(`${server.base}/x`, { responseType: 'text' }), localContext())).body).to.equal('café');
  });

  it('binary: a Buffer with every byte', async () => {
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    server.reset((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(bytes);
    });
    const response = await client.send(request(`${server.base}/x`, { responseType: 'binary' }), localContext());
    expect(Buffer.isBuffer(response.body)).to.equal(true);
    expect((response.body as Buffer).equals(bytes)).to.equal(true);
  });

  it('file: streamed into the file store, named by Content-Disposition', async () => {
    const bytes = Buffer.alloc(200_000, 7);
    server.reset((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/pdf', 'content-disposition': 'attachment; filename="../../etc/report.pdf"; filename*=UTF-8\'\'r%C3%A9sum%C3%A9.pdf' });
      res.end(bytes);
    });
    const response = await client.send(request(`${server.base}/download/123`, { responseType: 'file' }), localContext({ fileStore: temp.store.files }));
    const handle = response.body as FileHandle;
    expect(handle.kind).to.equal('file');
    expect(handle.name).to.equal('résumé.pdf');
    expect(handle.contentType).to.equal('application/pdf');
    expect(handle.size).to.equal(bytes.length);
    expect(handle.sha256).to.equal(createHash('sha256').update(bytes).digest('hex'));
    expect((await temp.store.files.read(handle)).equals(bytes)).to.equal(true);
  });

  it('file: named by the URL when there is no Content-Disposition; path tricks are removed', async () => {
    server.reset((req, res) => {
      res.writeHead(200, req.url === '/files/a%2F..%2Fsecret.txt' ? { 'content-type': 'text/plain; charset=utf-8' } : { 'content-disposition': 'attachment; filename="..\\\\..\\\\evil.sh"' });
      res.end('content');
    });
    const byUrl = await client.send(request(`${server.base}/files/a%2F..%2Fsecret.txt`, { responseType: 'file' }), localContext({ fileStore: temp.store.files }));
    expect((byUrl.body as FileHandle).name).to.equal('secret.txt');
    expect((byUrl.body as FileHandle).contentType).to.equal('text/plain');
    const byHeader = await client.send(request(`${server.base}/other`, { responseType: 'file' }), localContext({ fileStore: temp.store.files }));
    expect((byHeader.body as FileHandle).name).to.equal('evil.sh');
  });

  it('oversize json: refused from Content-Length, and while reading a chunked body', async () => {
    server.reset((req, res) => {
      if (req.url === '/declared') {
        json(res, 200, { data: 'x'.repeat(5000) });
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }); // chunked: no length up front
      res.write('{"data":"');
      res.write('x'.repeat(3000));
      res.end('"}');
    });
    const declared = await rejection(client.send(request(`${server.base}/declared`), localContext({ maxResponseBytes: 1000 })));
    expect(declared.code).to.equal('HTTP_RESPONSE_TOO_LARGE');
    expect(declared.status).to.equal(200);
    const chunked = await rejection(client.send(request(`${server.base}/chunked`), localContext({ maxResponseBytes: 1000 })));
    expect(chunked.code).to.equal('HTTP_RESPONSE_TOO_LARGE');
  });

  it('oversize file download: refused, and no file is left in the store', async () => {
    server.reset((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.write(Buffer.alloc(600_000));
      res.end(Buffer.alloc(600_000));
    });
    const error = await rejection(client.send(request(`${server.base}/big.bin`, { responseType: 'file' }), localContext({ fileStore: temp.store.files })));
    expect(error.code).to.equal('HTTP_RESPONSE_TOO_LARGE');
    const fs = await import('node:fs');
    const leftovers = fs.readdirSync(`${temp.dir}/files`).filter((name) => name.startsWith('tmp-'));
    expect(leftovers).to.deep.equal([]);
  });

  it('a file response without a file store is a clear error', async () => {
    server.reset((_req, res) => {
      res.end('x');
    });
    const error = await rejection(client.send(request(`${server.base}/f`, { responseType: 'file' }), localContext()));
    expect(error.code).to.equal('HTTP_NO_FILE_STORE');
  });
});
