// Writes a project of one polling connector and `count` enabled user flows, each triggered by its polling event:
// `count` monitors on one schedule, the shape of bench/polling.ts.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** How many files are written at once. */
const WRITE_CONCURRENCY = 64;

export function monitorName(i: number): string {
  return `monitor-${String(i).padStart(5, '0')}`;
}

export async function generatePollingProject(root: string, count: number, baseUrl: string, schedule: string): Promise<void> {
  await mkdir(path.join(root, 'connectors'), { recursive: true });
  await mkdir(path.join(root, 'flows'), { recursive: true });
  await writeFile(path.join(root, 'connectors', 'svc.yaml'), connectorText(baseUrl, schedule));
  for (let start = 0; start < count; start += WRITE_CONCURRENCY) {
    const batch: Promise<void>[] = [];
    for (let i = start; i < Math.min(count, start + WRITE_CONCURRENCY); i++) {
      batch.push(writeFile(path.join(root, 'flows', `${monitorName(i)}.yaml`), flowText(monitorName(i))));
    }
    await Promise.all(batch);
  }
}

function connectorText(baseUrl: string, schedule: string): string {
  return `kind: connector
name: svc
title: Items service
version: 1.0.0
baseUrl: ${baseUrl}
allowPrivateNetwork: true
auth: { type: none }
events:
  item_created:
    title: New item
    outputs:
      id: { type: text }
      title: { type: text }
    polling:
      schedule: "${schedule}"
      dedupeKey: id
      dedupeWindow: 100
      steps:
        - id: page
          request:
            method: GET
            url: /items
            query: { since: "{{default cursor 0}}" }
        - return:
            records: steps.page.body.items
            cursor: steps.page.body.last
`;
}

function flowText(name: string): string {
  return `kind: flow
name: ${name}
title: ${name}
trigger:
  event:
    connector: svc
    card: item_created
    connection: main
    via: polling
steps:
  - return: trigger
`;
}
