// A remote service with a growing list of items, and a project polling it: `item_created` pages with a `since`
// cursor; `recent_items` returns the whole list every time (dedupe keys alone keep it from repeating).
import { startFakeService, type FakeService } from './trigger-rig.js';

export interface ItemService extends FakeService {
  add(count: number): void;
  /** Answer 500 to polls while true. */
  failing: boolean;
  /** While set, polls wait for it to resolve before answering. */
  gate?: Promise<void>;
  /** Most polls answered at once so far. */
  readonly maxInFlight: number;
  /** The `since` query values received, in order. */
  readonly sinces: string[];
}

export async function startItemService(): Promise<ItemService> {
  const items: { id: string; seq: number; title: string }[] = [];
  let inFlight = 0;
  const state = {
    failing: false,
    gate: undefined as Promise<void> | undefined,
    maxInFlight: 0,
    sinces: [] as string[],
  };
  const service = await startFakeService(async (_req, _body, url) => {
    if (url.pathname !== '/items') return { status: 404, body: { error: 'not found' } };
    inFlight += 1;
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);
    try {
      if (state.gate) await state.gate;
      const since = url.searchParams.get('since') ?? '';
      state.sinces.push(since);
      if (state.failing) return { status: 500, body: { error: 'down' } };
      const after = /^\d+$/.test(since) ? Number(since) : 0;
      const fresh = items.filter((i) => i.seq > after);
      return { status: 200, body: { items: fresh, last: items.length ? items[items.length - 1].seq : after } };
    } finally {
      inFlight -= 1;
    }
  });
  return {
    get url() {
      return service.url;
    },
    get log() {
      return service.log;
    },
    close: () => service.close(),
    add(count: number) {
      for (let i = 0; i < count; i++) {
        const seq = items.length + 1;
        items.push({ id: `item-${seq}`, seq, title: `Item ${seq}` });
      }
    },
    get failing() {
      return state.failing;
    },
    set failing(v: boolean) {
      state.failing = v;
    },
    get gate() {
      return state.gate;
    },
    set gate(g: Promise<void> | undefined) {
      state.gate = g;
    },
    get maxInFlight() {
      return state.maxInFlight;
    },
    get sinces() {
      return state.sinces;
    },
  };
}

export const SCHEDULE = '*/5 * * * * *';

export function connectorYaml(baseUrl: string): string {
  return `# yaml-language-server: $schema=../schemas/connector.schema.json
kind: connector
name: svc
title: Items service
version: 1.0.0
baseUrl: ${baseUrl}
allowPrivateNetwork: true
auth: { type: none }
events:
  item_created:
    title: New item
    options:
      folder: { type: text, default: inbox }
    outputs:
      id: { type: text }
    polling:
      schedule: "${SCHEDULE}"
      dedupeKey: id
      dedupeWindow: 100
      steps:
        - id: page
          request:
            method: GET
            url: /items
            query: { since: "{{default cursor 0}}", folder: "{{options.folder}}" }
        - return:
            records: steps.page.body.items
            cursor: steps.page.body.last
  recent_items:
    title: Recent items
    polling:
      schedule: "${SCHEDULE}"
      dedupeKey: id
      dedupeWindow: 100
      steps:
        - id: page
          request: { method: GET, url: /items }
        - return:
            records: steps.page.body.items
  broken_items:
    title: Broken monitor
    polling:
      schedule: "${SCHEDULE}"
      steps:
        - id: page
          request: { method: GET, url: /items }
        - return:
            records: "'not a list'"
`;
}

/** A user flow polling `card`; `extra` adds lines under `trigger.event` (indented four spaces). */
export function flowYaml(name: string, card: string, extra = '', enabled = true): string {
  return `# yaml-language-server: $schema=../schemas/flow.schema.json
kind: flow
name: ${name}
title: ${name}
enabled: ${enabled}
trigger:
  event:
    connector: svc
    card: ${card}
    connection: main
    via: polling
${extra}steps:
  - return: trigger
`;
}
