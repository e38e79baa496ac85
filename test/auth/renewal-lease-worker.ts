// Worker for the renewal-lease race: a separate isolate with its own store connection and its own copy of the
// token module (its own lease owner and in-process join), like a second `runtime` process. Waits for `go`, then
// asks for usable tokens of an expired connection and reports what it got.
import { parentPort, workerData } from 'node:worker_threads';
import { openStore } from '../../src/store/open-store.js';
import { usableTokens } from '../../src/auth/oauth2-tokens.js';
import { createTokenHttp } from '../../src/auth/token-http.js';
import { connectorWithAuth, oauth2 } from './connector-fixture.js';

const { dir, key, connectionId, tokenUrl } = workerData as { dir: string; key: string; connectionId: string; tokenUrl: string };
const store = openStore(dir, { env: { RUNTIME_SECRET_KEY: key } });
const connector = connectorWithAuth(oauth2({ tokenUrl, grant: 'authorization_code', refresh: true, pkce: false }));
const http = createTokenHttp({ timeoutMs: 10_000 });

parentPort!.once('message', () => {
  const ctx = { connector, connection: store.connections.getById(connectionId)!, tokens: store.connections, http, allowPrivateNetwork: true };
  usableTokens(ctx).then(
    (snapshot) => parentPort!.postMessage({ accessToken: snapshot.tokens.accessToken, version: snapshot.version }),
    (error: unknown) => parentPort!.postMessage({ error: (error as { code?: string }).code ?? String(error) }),
  ).finally(() => store.close());
});
parentPort!.postMessage({ ready: true });
