// A remote service that keeps webhook subscriptions (create with POST /hooks, delete with DELETE /hooks/:id,
// API key required), and a project whose flows subscribe to it.
import { startFakeService, type FakeService } from './trigger-rig.js';

export const API_KEY = 'k-secret-123';

export interface Hook {
  readonly id: string;
  readonly url: string;
  readonly secret: string;
  readonly folder: string;
}

export interface HookService extends FakeService {
  /** Subscriptions alive now, by id. */
  readonly hooks: Map<string, Hook>;
  readonly created: Hook[];
  readonly deleted: string[];
  /** The next N creates answer 400. */
  failCreates: number;
  /** The next N deletes answer 500. */
  failDeletes: number;
  /** The next N creates make the hook, then answer 502 (the answer is lost on the way, after the service acted). */
  lostCreates: number;
}

export async function startHookService(): Promise<HookService> {
  const hooks = new Map<string, Hook>();
  const created: Hook[] = [];
  const deleted: string[] = [];
  // The knobs tests turn; the returned service IS this object, so the handler sees every change.
  const control = { failCreates: 0, failDeletes: 0, lostCreates: 0 };
  let next = 0;
  const service = await startFakeService((req, body, url) => {
    if (req.headers['x-api-key'] !== API_KEY) return { status: 401, body: { error: 'bad key' } };
    if (req.method === 'POST' && url.pathname === '/hooks') {
      if (control.failCreates > 0) {
        control.failCreates -= 1;
        return { status: 400, body: { error: 'cannot subscribe now' } };
      }
      const b = body as { url: string; secret: string; folder: string };
      const hook: Hook = { id: `hook-${++next}`, url: b.url, secret: b.secret, folder: b.folder };
      hooks.set(hook.id, hook);
      created.push(hook);
      if (control.lostCreates > 0) {
        control.lostCreates -= 1;
        return { status: 502, body: { error: 'upstream timed out' } };
      }
      return { status: 201, body: { id: hook.id } };
    }
    if (req.method === 'GET' && url.pathname === '/hooks') return { status: 200, body: [...hooks.values()] };
    const match = /^\/hooks\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'DELETE' && match) {
      if (control.failDeletes > 0) {
        control.failDeletes -= 1;
        return { status: 500, body: { error: 'try later' } };
      }
      const id = decodeURIComponent(match[1]);
      if (!hooks.delete(id)) return { status: 404, body: { error: 'no such hook' } };
      deleted.push(id);
      return { status: 204 };
    }
    return { status: 404, body: { error: 'not found' } };
  });
  return Object.assign(control, { url: service.url, log: service.log, close: () => service.close(), hooks, created, deleted });
}

/** `find: false` leaves out the find flow (a connector that cannot look its hooks up). */
export function hookConnectorYaml(baseUrl: string, shape: { find?: boolean } = {}): string {
  return `# yaml-language-server: $schema=../schemas/connector.schema.json
kind: connector
name: hooksvc
title: Hook service
version: 1.0.0
baseUrl: ${baseUrl}
allowPrivateNetwork: true
connection:
  fields:
    apiKey: { title: API key, type: secret, required: true }
auth:
  type: custom
  headers:
    X-Api-Key: "{{connection.apiKey}}"
events:
  item_changed:
    title: Item changed
    options:
      folder: { type: text, default: inbox }
    webhook:
      register:
        steps:
          - id: hook
            request:
              method: POST
              url: /hooks
              json: { url: "{{webhook.url}}", secret: "{{webhook.secret}}", folder: "{{options.folder}}" }
          - return: { id: steps.hook.body.id }
      deregister:
        steps:
          - request: { method: DELETE, url: "/hooks/{{path webhook.registration.id}}", query: { folder: "{{options.folder}}" } }
${shape.find === false ? '' : `      find:
        steps:
          - id: list
            request: { method: GET, url: /hooks }
          - return: "($url := webhook.url; $hook := steps.list.body[url = $url][0]; $hook ? { 'id': $hook.id } : null)"
`}      lifetime: 1h
      verify: { scheme: none }
      records: body
`;
}

export function hookFlowYaml(name: string, options: { folder?: string; enabled?: boolean; connection?: string } = {}): string {
  return `# yaml-language-server: $schema=../schemas/flow.schema.json
kind: flow
name: ${name}
title: ${name}
enabled: ${options.enabled ?? true}
trigger:
  event:
    connector: hooksvc
    card: item_changed
    connection: ${options.connection ?? 'main'}
    via: webhook
${options.folder ? `    options: { folder: ${options.folder} }\n` : ''}steps:
  - return: trigger
`;
}
