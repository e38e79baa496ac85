// The composition root: one place that wires the loaded model, the store, the HTTP client, auth and the
// interpreter together. CLI commands and `runtime start` open a runtime; nothing else builds these by hand.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ProjectModel } from '../model/model.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { createHttpClient, type HttpClient, type HttpClientOptions } from '../http/http-client.js';
import { createTokenHttp, type TokenHttp } from '../auth/token-http.js';
import { createEngine, type Engine } from '../engine/engine.js';
import { createConnectorRequests } from '../engine/connector-requests.js';
import { DEFAULT_ENGINE_LIMITS, type EngineLimits } from '../engine/run-context.js';

export interface RuntimeOptions {
  readonly model: ProjectModel;
  /** Where the SQLite database, secret key and files live. */
  readonly dataDir: string;
  /** Lets connectors call loopback/private addresses (tests, on-premises services). */
  readonly allowPrivateNetwork?: boolean;
  readonly http?: HttpClientOptions;
  readonly limits?: Partial<EngineLimits>;
  /** An already open store (tests, `runtime start` reusing one). */
  readonly store?: Store;
  /** OAuth token and revocation requests; connector tests replaying offline pass one that never goes online. */
  readonly tokenHttp?: TokenHttp;
}

export interface Runtime {
  readonly model: ProjectModel;
  readonly store: Store;
  readonly engine: Engine;
  /** An engine over another model with the same store, HTTP client and module cache (`--watch` reloads). */
  engineFor(model: ProjectModel): Engine;
  readonly http: HttpClient;
  readonly tokenHttp: TokenHttp;
  /** The runtime-wide permission to call loopback/private addresses (auth token endpoints honour it too). */
  readonly allowPrivateNetwork: boolean;
  close(): Promise<void>;
}

export function openRuntime(options: RuntimeOptions): Runtime {
  const store = options.store ?? openStore(options.dataDir);
  const http = createHttpClient(options.http);
  const tokenHttp = options.tokenHttp ?? createTokenHttp();
  const modules = new Map<string, Promise<Record<string, unknown>>>();
  const engineFor = (model: ProjectModel): Engine => createEngine({
    model,
    requests: createConnectorRequests({
      http,
      tokens: store.connections,
      tokenHttp,
      files: store.files,
      allowPrivateNetwork: options.allowPrivateNetwork,
    }),
    connections: { get: (connector, name) => store.connections.get(connector, name) },
    files: store.files,
    dynamicFieldsCache: store.dynamicFieldsCache,
    limits: { ...DEFAULT_ENGINE_LIMITS, ...options.limits },
    importModule: (absolutePath) => {
      // Code steps are trusted project modules; each is imported once per process.
      let loaded = modules.get(absolutePath);
      if (!loaded) {
        loaded = importProjectModule(absolutePath);
        modules.set(absolutePath, loaded);
      }
      return loaded;
    },
  });
  const engine = engineFor(options.model);
  let closed = false;
  return {
    model: options.model,
    store,
    engine,
    engineFor,
    http,
    tokenHttp,
    allowPrivateNetwork: options.allowPrivateNetwork === true,
    async close() {
      if (closed) return;
      closed = true;
      http.close();
      if (!options.store) store.close();
    },
  };
}

/** `.ts` modules need a TypeScript loader: tsx's ESM API registers one on first use. */
async function importProjectModule(absolutePath: string): Promise<Record<string, unknown>> {
  if (/\.(ts|mts|cts)$/.test(absolutePath)) await ensureTypeScriptLoader();
  return (await import(pathToFileURL(path.resolve(absolutePath)).href)) as Record<string, unknown>;
}

let tsLoader: Promise<void> | undefined;
function ensureTypeScriptLoader(): Promise<void> {
  tsLoader ??= import('tsx/esm/api').then((api) => {
    api.register();
  });
  return tsLoader;
}
