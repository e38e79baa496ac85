import fs from 'node:fs';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { expect } from 'chai';
import { isRuntimeError, type RuntimeError } from '../../src/errors/runtime-error.js';
import { makeTempDataDir, type TempDataDir } from './temp-data-dir.js';

async function rejected(promise: Promise<unknown>): Promise<RuntimeError> {
  try {
    await promise;
  } catch (e) {
    if (isRuntimeError(e)) return e;
    throw e;
  }
  throw new Error('expected a RuntimeError');
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** A stream of `total` bytes in chunks, the way an HTTP response arrives. */
function chunked(data: Buffer, chunkSize = 16 * 1024): Readable {
  const chunks: Buffer[] = [];
  for (let i = 0; i < data.length; i += chunkSize) chunks.push(data.subarray(i, i + chunkSize));
  return Readable.from(chunks);
}

async function collect(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

describe('store: files', () => {
  let temp: TempDataDir;
  beforeEach(() => { temp = makeTempDataDir(); });
  afterEach(() => temp.cleanup());

  const filesDir = (): string => path.join(temp.dir, 'files');

  it('streams bytes in and reads them back with name, type, size and sha256', async () => {
    const store = temp.open();
    const data = randomBytes(300_000);
    const handle = await store.files.put(chunked(data), { name: 'report.pdf', contentType: 'application/pdf' });
    expect(handle).to.deep.equal({ kind: 'file', id: handle.id, name: 'report.pdf', contentType: 'application/pdf', size: data.length, sha256: sha256(data) });
    expect(handle.id).to.match(/^[0-9a-f]{32}$/);
    expect((await store.files.read(handle)).equals(data)).to.equal(true);
    expect((await collect(store.files.open(handle))).equals(data)).to.equal(true);
    expect(fs.readdirSync(filesDir())).to.deep.equal([handle.id]);
  });

  it('accepts a Buffer and an empty file', async () => {
    const store = temp.open();
    const handle = await store.files.put(Buffer.from('hello'), { name: 'a.txt', contentType: 'text/plain' });
    expect(handle.size).to.equal(5);
    expect(handle.sha256).to.equal(sha256(Buffer.from('hello')));
    const empty = await store.files.put(Readable.from([]), { name: 'empty', contentType: '' });
    expect(empty).to.include({ size: 0, contentType: 'application/octet-stream', sha256: sha256(Buffer.alloc(0)) });
    expect((await store.files.read(empty)).length).to.equal(0);
  });

  it('refuses more than maxBytes with FILE_TOO_LARGE and removes the partial file', async () => {
    const store = temp.open();
    const error = await rejected(store.files.put(chunked(randomBytes(200_000)), { name: 'big.bin', contentType: 'application/octet-stream' }, 100_000));
    expect(error.code).to.equal('FILE_TOO_LARGE');
    expect(error.message).to.equal("file 'big.bin' is larger than the limit of 100000 bytes");
    expect(fs.readdirSync(filesDir())).to.deep.equal([]);
    const buffered = await rejected(store.files.put(Buffer.alloc(11), { name: 'b', contentType: 'x/y' }, 10));
    expect(buffered.code).to.equal('FILE_TOO_LARGE');
    // Exactly at the limit is fine.
    expect((await store.files.put(Buffer.alloc(10), { name: 'c', contentType: 'x/y' }, 10)).size).to.equal(10);
  });

  it('applies the store-wide limit when the caller asks for more', async () => {
    const store = temp.open({ maxFileBytes: 1000 });
    const error = await rejected(store.files.put(chunked(randomBytes(5000), 100), { name: 'x', contentType: 'x/y' }, 10_000));
    expect(error.code).to.equal('FILE_TOO_LARGE');
    expect(fs.readdirSync(filesDir())).to.deep.equal([]);
  });

  it('removes the partial file when the source stream fails', async () => {
    const store = temp.open();
    const failing = new Readable({
      read() {
        this.push(Buffer.alloc(1000));
        this.destroy(new Error('connection reset'));
      },
    });
    let message = '';
    try {
      await store.files.put(failing, { name: 'x', contentType: 'x/y' });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).to.equal('connection reset');
    expect(fs.readdirSync(filesDir())).to.deep.equal([]);
  });

  it('refuses handles that name no stored file, including path tricks', async () => {
    const store = temp.open();
    const forged = { kind: 'file' as const, id: '../runtime.db', name: 'x', contentType: 'x', size: 1, sha256: '' };
    expect(await rejected(store.files.read(forged)).then((e) => e.code)).to.equal('FILE_NOT_FOUND');
    let code = '';
    try {
      store.files.open({ ...forged, id: 'a'.repeat(32) });
    } catch (e) {
      code = (e as RuntimeError).code;
    }
    expect(code).to.equal('FILE_NOT_FOUND');
  });

  it('removes a file: bytes and metadata', async () => {
    const store = temp.open();
    const handle = await store.files.put(Buffer.from('bye'), { name: 'x', contentType: 'text/plain' });
    expect(store.files.remove(handle)).to.equal(true);
    expect(store.files.remove(handle)).to.equal(false);
    expect(fs.readdirSync(filesDir())).to.deep.equal([]);
    expect((await rejected(store.files.read(handle))).code).to.equal('FILE_NOT_FOUND');
  });
});
