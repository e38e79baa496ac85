// The OAuth 2.0 authorization code grant from a terminal: a temporary callback server on 127.0.0.1, the
// authorize URL printed (and opened in a browser on request), then wait for the browser to come back. The
// connection is stored only once tokens arrived. The server is always closed before returning.
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startAuthorization } from '../../auth/oauth2-authorize.js';
import { PendingAuthorizations } from '../../auth/pending-authorizations.js';
import { isRuntimeError, RuntimeError } from '../../errors/runtime-error.js';
import type { Connection } from '../../model/connection.js';
import type { Connector } from '../../model/model.js';
import type { Runtime } from '../../runtime/open-runtime.js';
import { createOAuthCallbackHandler, OAUTH_CALLBACK_PATH } from '../../server/oauth-callback.js';
import type { CliIo } from '../cli-io.js';
import { formatDuration } from '../terminal-text.js';

/** The runtime's own HTTP port (`runtime start`), so one redirect URI serves both: http://127.0.0.1:8080/oauth/callback. */
export const DEFAULT_CALLBACK_PORT = 8080;
export const DEFAULT_CALLBACK_TIMEOUT_MS = 5 * 60_000;
const CALLBACK_HOST = '127.0.0.1';
const DRAIN_MS = 2000;

export interface AuthorizeRequest {
  readonly io: CliIo;
  readonly runtime: Runtime;
  readonly connector: Connector;
  readonly name: string;
  readonly fields: Readonly<Record<string, unknown>>;
  readonly secretFields: readonly string[];
  readonly port: number;
  readonly timeoutMs: number;
  /** Try to open the authorize URL in the default browser. */
  readonly open: boolean;
}

/** The new connection, tokens saved; throws a RuntimeError when the user or the server did not authorize. */
export async function authorizeInBrowser(request: AuthorizeRequest): Promise<Connection> {
  const { io, runtime, connector, name } = request;
  const pending = new PendingAuthorizations({ ttlMs: request.timeoutMs + 60_000, maxEntries: 1 });
  let settle: { resolve(c: Connection): void; reject(e: unknown): void } | undefined;
  const done = new Promise<Connection>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // Settled at most once; a failure after the wait ended (timeout) must not become an unhandled rejection.
  done.catch(() => undefined);
  const handler = createOAuthCallbackHandler({
    pending,
    http: runtime.tokenHttp,
    onTokens(_entry, tokens) {
      const connection = runtime.store.connections.create(connector.name, name, request.fields, request.secretFields);
      if (!runtime.store.connections.saveTokens(connection.id, tokens, connection.tokenVersion)) {
        throw new RuntimeError('STORE_TOKEN_CONFLICT', `the tokens of connection '${name}' changed while they were being saved`, { actor: 'operational' });
      }
      settle?.resolve(runtime.store.connections.getById(connection.id) ?? connection);
    },
    onError(error) {
      // A stray request with a foreign state leaves our pending authorization in place: keep waiting.
      if (isRuntimeError(error) && error.code === 'AUTH_STATE_MISMATCH') {
        io.stderr('ignored a callback that does not belong to this authorization\n');
        return;
      }
      settle?.reject(error);
    },
  });

  const server = await listen(request.port, handler);
  const inFlight = new Set<Promise<void>>();
  server.on('request', (req, res) => {
    const finished = new Promise<void>((resolve) => res.on('close', resolve));
    inFlight.add(finished);
    void finished.then(() => inFlight.delete(finished));
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    const port = (server.address() as AddressInfo).port;
    const redirectUri = `http://${CALLBACK_HOST}:${port}${OAUTH_CALLBACK_PATH}`;
    const started = startAuthorization(connector, request.fields, redirectUri);
    pending.add({ ...started, redirectUri, connector, fields: request.fields, connectionName: name, context: { allowPrivateNetwork: runtime.allowPrivateNetwork } });
    io.stdout(
      `Open this address in a browser to connect ${connector.name}/${name}:\n\n  ${started.url}\n\n` +
        `Waiting up to ${formatDuration(request.timeoutMs)} for the service to send the browser back to ${redirectUri} ...\n`,
    );
    if (request.open) openInBrowser(started.url, io);
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new RuntimeError('AUTH_TIMEOUT', `no authorization arrived within ${formatDuration(request.timeoutMs)}: run the command again`, { actor: 'user' }));
      }, request.timeoutMs);
    });
    return await Promise.race([done, timeout]);
  } finally {
    clearTimeout(timer);
    await close(server, inFlight);
  }
}

function listen(port: number, handler: ReturnType<typeof createOAuthCallbackHandler>): Promise<Server> {
  const server = createServer((req, res) => void handler(req, res));
  return new Promise((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      const inUse = e.code === 'EADDRINUSE' || e.code === 'EACCES';
      reject(new RuntimeError(
        'AUTH_CALLBACK_PORT',
        inUse
          ? `cannot listen on ${CALLBACK_HOST}:${port} for the OAuth callback (${e.code}; is \`runtime start\` running there? stop it while connecting): or pass --callback-port <port> and register http://${CALLBACK_HOST}:<port>${OAUTH_CALLBACK_PATH} as a redirect URI with the service`
          : `cannot start the OAuth callback server on ${CALLBACK_HOST}:${port}: ${e.message}`,
        { actor: 'user', cause: e },
      ));
    });
    server.listen(port, CALLBACK_HOST, () => resolve(server));
  });
}

/** Lets the browser receive its last page (bounded), then closes every connection. */
async function close(server: Server, inFlight: Set<Promise<void>>): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  let drainTimer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.all(inFlight), new Promise<void>((resolve) => { drainTimer = setTimeout(resolve, DRAIN_MS); })]);
  clearTimeout(drainTimer);
  server.closeAllConnections();
  await closed;
}

/** Best effort: a missing opener only means the user opens the printed address by hand. */
function openInBrowser(url: string, io: CliIo): void {
  const [command, args] = process.platform === 'darwin'
    ? ['open', [url]]
    : process.platform === 'win32'
      ? ['cmd', ['/c', 'start', '""', url.replace(/&/g, '^&')]]
      : ['xdg-open', [url]];
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.on('error', () => io.stderr('could not open a browser: open the address above yourself\n'));
    child.unref();
  } catch {
    io.stderr('could not open a browser: open the address above yourself\n');
  }
}
