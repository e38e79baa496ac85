// A running runtime front door for tests: the fixture project in test/fixtures/webhooks compiled by the real
// loader, a real SQLite store in a temp dir with one active registration per webhook flow, the real ingress
// committer, and the HTTP server on 127.0.0.1:0. Logs are captured so tests can check what is (not) logged.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProjectModel } from '../../src/model/model.js';
import { loadProject } from '../../src/project/load-project.js';
import { startHttpServer, type HttpServerOptions, type RunningHttpServer } from '../../src/server/http-server.js';
import { MetricsRegistry } from '../../src/server/metrics.js';
import { storeAnswers } from '../../src/server/routes/health-route.js';
import type { IngressCommitter, Registration } from '../../src/store/event-store.js';
import { createIngressCommitter } from '../../src/store/ingress-committer.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import type { LogSink } from '../../src/log/log-sink.js';

export const FIXTURE_PROJECT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/webhooks');

/** What each fixture connector's register flow would have returned. */
const REGISTRATION_OUTPUTS: Record<string, unknown> = {
  github: { id: 'hook-1', secret: 'github-signing-secret' },
  standard: { id: 'ep_1', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' },
  okta: { id: 'who1' },
  slack: { id: 'app' },
  plain: { id: 'p' },
  faulty: { id: 'f' },
};
export const SLACK_SIGNING_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';

export interface LogLine {
  readonly level: string;
  readonly fields: Record<string, unknown>;
  readonly message?: string;
}

export interface WebhookRig {
  readonly url: string;
  readonly store: Store;
  readonly model: ProjectModel;
  readonly committer: IngressCommitter;
  readonly metrics: MetricsRegistry;
  readonly logs: LogLine[];
  readonly dataDir: string;
  /** The registration (token, runtime secret) of a flow. */
  registration(flow: string): Registration;
  hookUrl(flow: string, query?: string): string;
  /** Stored events of a flow, oldest first. */
  events(flow: string): { payload: unknown; dedupeKey?: string }[];
  close(): Promise<void>;
}

export interface RigOptions {
  /** The clock of signature timestamps. */
  readonly now?: () => number;
  readonly server?: Partial<HttpServerOptions>;
}

export async function startWebhookRig(options: RigOptions = {}): Promise<WebhookRig> {
  const loaded = await loadProject(FIXTURE_PROJECT);
  if (!loaded.model) throw new Error(`fixture project does not load: ${loaded.diagnostics.map((d) => `${d.file}:${d.line} ${d.code} ${d.message}`).join('; ')}`);
  const model = loaded.model;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'webhook-test-'));
  const dataDir = path.join(root, 'data');
  const store = openStore(dataDir, { env: {}, secretKey: randomBytes(32) });
  for (const flow of model.flows.values()) {
    if (flow.trigger.type !== 'event' || flow.trigger.via !== 'webhook') continue;
    const { connector, card, connection } = flow.trigger;
    store.registrations.upsertDesired({ flow: flow.name, connector, card, connection, optionsHash: 'fixture' });
    store.registrations.markActive(flow.name, REGISTRATION_OUTPUTS[connector]);
  }
  store.connections.create('slack', 'main', { signingSecret: SLACK_SIGNING_SECRET }, ['signingSecret']);
  const committer = createIngressCommitter(store);
  const metrics = new MetricsRegistry();
  const logs: LogLine[] = [];
  const log = (level: string) => (fields: object, message?: string) => logs.push({ level, fields: { ...fields }, message });
  const logger: LogSink = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
  let server: RunningHttpServer;
  try {
    server = await startHttpServer({
      host: '127.0.0.1',
      port: 0,
      logger,
      metrics,
      health: storeAnswers(store),
      webhooks: { model: () => model, registrations: store.registrations, connections: store.connections, committer, now: options.now },
      ...options.server,
    });
  } catch (e) {
    store.close();
    fs.rmSync(root, { recursive: true, force: true });
    throw e;
  }
  const registration = (flow: string) => {
    const found = store.registrations.get(flow);
    if (!found) throw new Error(`no registration for ${flow}`);
    return found;
  };
  return {
    url: server.url,
    store,
    model,
    committer,
    metrics,
    logs,
    dataDir,
    registration,
    hookUrl: (flow, query) => `${server.url}/hooks/${registration(flow).callbackToken}${query ? `?${query}` : ''}`,
    events: (flow) => store.events.list({ flow, limit: 1000 }).reverse().map((e) => ({ payload: e.payload, ...(e.dedupeKey !== undefined && { dedupeKey: e.dedupeKey }) })),
    async close() {
      try {
        await server.close();
        await committer.close();
      } finally {
        store.close();
        fs.rmSync(root, { recursive: true, force: true });
      }
    },
  };
}

/** Everything logged, as one text, to search for secrets and bodies. */
export function logText(logs: readonly LogLine[]): string {
  return logs.map((l) => `${l.level} ${l.message ?? ''} ${JSON.stringify(l.fields)}`).join('\n');
}
