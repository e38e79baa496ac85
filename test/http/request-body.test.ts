// Each body type as the server receives it.
import { expect } from 'chai';
import { Readable } from 'node:stream';
import { createHttpClient, type HttpClient } from '../../src/http/http-client.js';
import { json, localContext, rejection, request, startServer, type TestServer } from './test-server.js';
import { openTempStore, type TempStore } from './temp-store.js';

describe('http: request bodies', () => {
  let server: TestServer;
  let client: HttpClient;
  let temp: TempStore;

  before(async () => {
    server = await startServer();
    client = createHttpClient();
    temp = openTempStore();
  });
  after(async () => {
    client.close();
    await server.close();
    temp.remove();
  });
  beforeEach(() => server.reset((_req, res) => json(res, 200, { ok: true })));

  it('json: serialized with application/json', async () => {
    await client.send(request(`${server.base}/items`, { method: 'POST', body: { type: 'json', value: { a: 1, list: [true, null] } } }), localContext());
    const [got] = server.received;
    expect(got?.method).to.equal('POST');
    expect(got?.headers['content-type']).to.equal('application/json');
    expect(JSON.parse(got!.body.toString())).to.deep.equal({ a: 1, list: [true, null] });
  });

  it('json: the request\'s own Content-Type wins', async () => {
    await client.send(
      request(`${server.base}/items`, { method: 'POST', headers: { 'Content-Type': 'application/vnd.api+json' }, body: { type: 'json', value: { a: 1 } } }),
      localContext(),
    );
    expect(server.received[0]?.headers['content-type']).to.equal('application/vnd.api+json');
  });

  it('form: url-encoded fields', async () => {
    await client.send(
      request(`${server.base}/token`, { method: 'POST', body: { type: 'form', fields: { grant_type: 'client_credentials', scope: 'a b&c=d' } } }),
      localContext(),
    );
    const [got] = server.received;
    expect(got?.headers['content-type']).to.equal('application/x-www-form-urlencoded');
    const fields = new URLSearchParams(got!.body.toString());
    expect(fields.get('grant_type')).to.equal('client_credentials');
    expect(fields.get('scope')).to.equal('a b&c=d');
  });

  it('raw: text with its content type, and a Buffer byte for byte', async () => {
    await client.send(request(`${server.base}/raw`, { method: 'PUT', body: { type: 'raw', text: 'héllo', contentType: 'text/plain; charset=utf-8' } }), localContext());
    const bytes = Buffer.from([0, 1, 2, 255, 254]);
    await client.send(request(`${server.base}/raw`, { method: 'PUT', body: { type: 'raw', text: bytes, contentType: 'application/octet-stream' } }), localContext());
    expect(server.received[0]?.headers['content-type']).to.equal('text/plain; charset=utf-8');
    expect(server.received[0]?.body.toString('utf8')).to.equal('héllo');
    expect(server.received[1]?.body.equals(bytes)).to.equal(true);
  });

  it('file: streamed from the file store with its content type and length', async () => {
    const content = Buffer.alloc(300_000, 'abc');
    const handle = await temp.store.files.put(Readable.from([content]), { name: 'big.txt', contentType: 'text/plain' });
    await client.send(request(`${server.base}/upload`, { method: 'POST', body: { type: 'file', file: handle } }), localContext({ fileStore: temp.store.files }));
    const [got] = server.received;
    expect(got?.headers['content-type']).to.equal('text/plain');
    expect(got?.headers['content-length']).to.equal(String(content.length));
    expect(got?.body.equals(content)).to.equal(true);
  });

  it('multipart: text fields and files with name and content type, parsed by the web Request API', async () => {
    const pdf = Buffer.from('%PDF-1.4 binary \u0000\u0001 bytes');
    const handle = await temp.store.files.put(pdf, { name: 'report.pdf', contentType: 'application/pdf' });
    await client.send(
      request(`${server.base}/upload`, {
        method: 'POST',
        body: {
          type: 'multipart',
          parts: [
            { name: 'note', value: 'first "quoted" line\nsecond' },
            { name: 'attachment', file: handle },
            { name: 'renamed', file: handle, filename: 'other name.bin', contentType: 'application/x-custom' },
          ],
        },
      }),
      localContext({ fileStore: temp.store.files }),
    );
    const [got] = server.received;
    expect(got?.headers['content-length']).to.equal(String(got?.body.length));
    const form = await new Request('http://server.test/', {
      method: 'POST',
      headers: { 'content-type': String(got?.headers['content-type']) },
      body: got!.body,
      duplex: 'half',
    } as RequestInit).formData();
    expect(form.get('note')).to.equal('first "quoted" line\nsecond');
    const attachment = form.get('attachment') as File;
    expect(attachment.name).to.equal('report.pdf');
    expect(attachment.type).to.equal('application/pdf');
    expect(Buffer.from(await attachment.arrayBuffer()).equals(pdf)).to.equal(true);
    const renamed = form.get('renamed') as File;
    expect(renamed.name).to.equal('other name.bin');
    expect(renamed.type).to.equal('application/x-custom');
  });

  it('a file body without a file store is a clear error, and nothing is sent', async () => {
    const error = await rejection(client.send(
      request(`${server.base}/upload`, { method: 'POST', body: { type: 'file', file: { kind: 'file', id: 'x', name: 'a', contentType: 'text/plain', size: 1, sha256: '' } } }),
      localContext(),
    ));
    expect(error.code).to.equal('HTTP_NO_FILE_STORE');
    expect(server.received).to.have.length(0);
  });

  it('a GET with a body is refused before sending', async () => {
    const error = await rejection(client.send(request(`${server.base}/x`, { body: { type: 'json', value: {} } }), localContext()));
    expect(error.code).to.equal('HTTP_BODY_INVALID');
    expect(server.received).to.have.length(0);
  });

  it('a header value with CR/LF is refused, naming the header but not the value', async () => {
    const error = await rejection(client.send(
      request(`${server.base}/x`, { headers: { 'X-Note': 'a\r\nX-Injected: evil-canary' } }),
      localContext({ origin: { file: 'connectors/acme.yaml', line: 12, column: 9 } }),
    ));
    expect(error.code).to.equal('HTTP_HEADER_INVALID');
    expect(error.message).to.contain('X-Note').and.not.contain('evil-canary');
    expect(error.origin).to.deep.equal({ file: 'connectors/acme.yaml', line: 12, column: 9 });
    expect(server.received).to.have.length(0);
  });

  it('query values are appended to the URL, repeated for lists', async () => {
    await client.send(request(`${server.base}/search?fixed=1`, { query: { q: 'a&b c', tag: ['x', 'y'] } }), localContext());
    const url = new URL(server.received[0]!.url, server.base);
    expect(url.searchParams.get('fixed')).to.equal('1');
    expect(url.searchParams.get('q')).to.equal('a&b c');
    expect(url.searchParams.getAll('tag')).to.deep.equal(['x', 'y']);
  });
});
