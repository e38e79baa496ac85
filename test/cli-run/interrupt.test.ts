// Ctrl-C during `runtime run` stops the request in flight and records the execution as failed, not running.
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../../src/store/open-store.js';
import { ensureBuilt, REPO } from '../e2e/runtime-process.js';
import { waitUntil } from '../e2e/wait-until.js';
import { API_KEY } from '../engine/shop-service.js';

describe('runtime run: interrupted', function () {
  this.timeout(60_000);
  before(function () {
    this.timeout(300_000);
    ensureBuilt();
  });

  it('SIGINT aborts the request in flight, exits 1 and leaves a failed execution record', async () => {
    const hanging: http.ServerResponse[] = [];
    const server = http.createServer((_req, res) => hanging.push(res)); // never answers
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'run-interrupt-'));
    try {
      const store = openStore(dataDir);
      store.connections.create('shop', 'main', { host: `127.0.0.1:${(server.address() as AddressInfo).port}`, apiKey: API_KEY }, ['apiKey']);
      store.close();
      const child = spawn(process.execPath, [
        path.join(REPO, 'bin/runtime.js'), 'run', 'shop.get_item', '--connection', 'main', '--input', '{"id": 1}',
        '--project', path.join(REPO, 'test/fixtures/engine/project'), '--data-dir', dataDir, '--allow-private-network',
      ], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      await waitUntil(() => hanging.length === 1, { timeoutMs: 20_000, what: () => `the request to arrive; stderr: ${stderr}` });
      child.kill('SIGINT');
      expect(await exited).to.equal(1);
      expect(stderr).to.contain('HTTP_ABORTED');
      expect(stderr).not.to.contain(API_KEY);
      const after = openStore(dataDir);
      try {
        expect(after.executions.list({}).map((e) => e.status)).to.deep.equal(['failed']);
      } finally {
        after.close();
      }
    } finally {
      for (const res of hanging) res.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
