// Writes a synthetic project of connector files shaped like real ones (see connectors/github.yaml): typed
// inputs and outputs, templated request steps, JSONata mappings, helpers called from actions and polling events.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface GeneratedProject {
  root: string;
  /** Absolute paths of the connector files, in order. */
  files: string[];
  totalBytes: number;
}

const RESOURCES = ['ticket', 'invoice', 'customer', 'order', 'shipment', 'contact', 'project', 'task', 'comment', 'payment'];
const VERBS = ['create', 'get', 'update', 'delete', 'list', 'search'];

/** `count` connector files of `cards` cards each (two of them polling events) into `<root>/connectors/`. */
export async function generateConnectorProject(root: string, count: number, cards: number): Promise<GeneratedProject> {
  const dir = path.join(root, 'connectors');
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  let totalBytes = 0;
  for (let i = 0; i < count; i++) {
    const file = path.join(dir, `bench-${String(i).padStart(4, '0')}.yaml`);
    const text = connectorText(i, cards);
    await writeFile(file, text);
    files.push(file);
    totalBytes += Buffer.byteLength(text);
  }
  return { root, files, totalBytes };
}

export function connectorText(index: number, cards: number): string {
  const events = Math.min(2, cards);
  const lines: string[] = [
    '# yaml-language-server: $schema=../schemas/connector.schema.json',
    'kind: connector',
    `name: bench-${String(index).padStart(4, '0')}`,
    `title: Bench Service ${index}`,
    `version: 1.${index % 10}.0`,
    `description: Synthetic connector number ${index}, shaped like a real REST API connector.`,
    'baseUrl: https://{{connection.subdomain}}.service' + index + '.example/api/v2',
    'rateBudget: { requests: 100, per: 1m }',
    'timeout: 20s',
    'connection:',
    '  fields:',
    '    subdomain: { title: Subdomain, type: text, required: true, help: "The part before the service domain." }',
    '    apiKey: { title: API key, type: secret, required: true }',
    'auth:',
    '  type: custom',
    '  headers:',
    '    Authorization: "Bearer {{connection.apiKey}}"',
    'actions:',
  ];
  for (let c = 0; c < cards - events; c++) lines.push(...actionCard(index, c));
  lines.push('events:');
  for (let e = 0; e < events; e++) lines.push(...pollingEvent(index, e));
  lines.push(...helpers(index));
  lines.push(
    'system:',
    '  authping:',
    '    steps:',
    '      - id: me',
    '        request: { method: GET, url: /me }',
    '      - return:',
    '          label: steps.me.body.email',
  );
  return `${lines.join('\n')}\n`;
}

function actionCard(index: number, c: number): string[] {
  const resource = RESOURCES[(index + c) % RESOURCES.length]!;
  const verb = VERBS[c % VERBS.length]!;
  const name = `${verb}_${resource}_${c}`;
  const plural = `${resource}s`;
  const head = [
    `  ${name}:`,
    `    title: ${cap(verb)} ${cap(resource)} ${c}`,
    `    help: ${cap(verb)}s a ${resource} in service ${index}; card ${c} of the synthetic connector.`,
    `    idempotent: ${verb !== 'create'}`,
  ];
  if (verb === 'list') {
    return [
      ...head,
      '    options:',
      '      status:',
      '        title: Status',
      '        type: dropdown',
      '        choices: [open, closed, all]',
      '        default: open',
      '    inputs:',
      '      query: { title: Query, type: text, help: Free text search. }',
      '      since: { title: Updated since, type: datetime }',
      '    outputs:',
      `      ${plural}: { title: ${cap(plural)}, type: object, list: true }`,
      '      count: { title: Count, type: number }',
      '    steps:',
      '      - id: page',
      '        request:',
      '          method: GET',
      `          url: /${plural}`,
      '          query:',
      '            status: "{{options.status}}"',
      `            q: "{{default inputs.query ''}}"`,
      `            updated_since: "{{default inputs.since '1970-01-01T00:00:00Z'}}"`,
      '          paginate:',
      '            style: cursor',
      '            items: body.data',
      '            cursor: body.meta.next_cursor',
      '            cursorParam: cursor',
      '            maxPages: 20',
      '      - id: mapped',
      '        map: |',
      "          [steps.page.items.{ 'id': id, 'name': name, 'status': status, 'updated': updated_at }]",
      '      - return:',
      `          ${plural}: steps.mapped`,
      '          count: "$count(steps.mapped)"',
    ];
  }
  if (verb === 'search') {
    return [
      ...head,
      '    inputs:',
      '      email: { title: Email, type: text, required: true }',
      '    outputs:',
      '      id: { title: ID, type: text }',
      '      found: { title: Found, type: boolean }',
      '    steps:',
      '      - id: lookup',
      '        call: find_by_email',
      '        inputs:',
      `          kind: "'${plural}'"`,
      '          email: "$lowercase(inputs.email)"',
      '      - if:',
      '          condition: "$exists(steps.lookup.id)"',
      '          then:',
      '            - return: { id: steps.lookup.id, found: "true" }',
      '          else:',
      '            - return: { id: "\'\'", found: "false" }',
    ];
  }
  const withBody = verb === 'create' || verb === 'update';
  const method = { create: 'POST', get: 'GET', update: 'PATCH', delete: 'DELETE' }[verb as 'create'];
  const url = verb === 'create' ? `/${plural}` : `/${plural}/{{path inputs.id}}`;
  const steps = [
    '    steps:',
    '      - id: sent',
    '        request:',
    `          method: ${method}`,
    `          url: ${url}`,
    '          headers:',
    `            X-Request-Source: "connector-runtime/{{connection.subdomain}}"`,
  ];
  if (withBody) {
    steps.push(
      '          json:',
      '            name: "{{inputs.name}}"',
      `            email: "{{default inputs.email ''}}"`,
      '            tags: "{{inputs.tags}}"',
      '            amount: "{{default inputs.amount 0}}"',
      '            customer:',
      '              id: "{{inputs.customerId}}"',
      `              note: "Created from flow for {{inputs.name}} ({{default inputs.email 'no email'}})"`,
    );
  }
  steps.push(
    '      - return:',
    '          id: steps.sent.body.id',
    verb === 'delete' ? '          ok: "steps.sent.status = 204"' : '          name: steps.sent.body.name',
    verb === 'delete' ? '' : "          created: \"$fromMillis($toMillis(steps.sent.body.created_at))\"",
    verb === 'delete' ? '' : "          labels: \"[steps.sent.body.tags[$ != ''].$uppercase($)]\"",
  );
  const inputs = withBody
    ? [
        '    inputs:',
        ...(verb === 'update' ? ['      id: { title: ID, type: text, required: true }'] : []),
        '      name: { title: Name, type: text, required: true, help: Shown in lists. }',
        '      email: { title: Email, type: text }',
        '      tags: { title: Tags, type: text, list: true, required: true }',
        '      amount: { title: Amount, type: number }',
        '      customerId: { title: Customer, type: text, required: true }',
      ]
    : ['    inputs:', '      id: { title: ID, type: text, required: true }'];
  const outputs = verb === 'delete'
    ? ['    outputs:', '      id: { title: ID, type: text }', '      ok: { title: Deleted, type: boolean }']
    : [
        '    outputs:',
        '      id: { title: ID, type: text }',
        '      name: { title: Name, type: text }',
        '      created: { title: Created, type: datetime }',
        '      labels: { title: Labels, type: text, list: true }',
      ];
  return [...head, ...inputs, ...outputs, ...steps.filter((l) => l !== '')];
}

function pollingEvent(index: number, e: number): string[] {
  const resource = RESOURCES[(index + e + 3) % RESOURCES.length]!;
  return [
    `  new_${resource}_${e}:`,
    `    title: New ${cap(resource)} ${e}`,
    `    help: A ${resource} was added in service ${index}.`,
    '    outputs:',
    '      id: { title: ID, type: text }',
    '      name: { title: Name, type: text }',
    '      created: { title: Created, type: datetime }',
    '    polling:',
    `      schedule: "0 */${5 + e} * * * *"`,
    '      dedupeKey: id',
    '      steps:',
    '        - id: page',
    '          request:',
    '            method: GET',
    `            url: /${resource}s`,
    `            query: { created_after: "{{default cursor '1970-01-01T00:00:00Z'}}", sort: created_at }`,
    '        - return:',
    "            records: \"[steps.page.body.data.{ 'id': id, 'name': name, 'created': created_at }]\"",
    '            cursor: "$count(steps.page.body.data) > 0 ? $max(steps.page.body.data.$toMillis(created_at)) ~> $fromMillis() : cursor"',
  ];
}

function helpers(index: number): string[] {
  return [
    'helpers:',
    '  find_by_email:',
    '    inputs:',
    '      kind: { type: text, required: true }',
    '      email: { type: text, required: true }',
    '    outputs:',
    '      id: { type: text }',
    '    steps:',
    '      - id: found',
    '        request:',
    '          method: GET',
    '          url: /{{path inputs.kind}}',
    '          query: { email: "{{inputs.email}}", limit: "1" }',
    '      - return:',
    '          id: steps.found.body.data[0].id',
    '  list_all_pages:',
    '    inputs:',
    '      kind: { type: text, required: true }',
    '    outputs:',
    '      items: { type: object, list: true }',
    '    steps:',
    '      - id: pages',
    '        forEach:',
    '          items: "[1..5]"',
    '          as: page',
    '          concurrency: 2',
    '          steps:',
    '            - id: one',
    '              request:',
    '                method: GET',
    '                url: /{{path inputs.kind}}',
    '                query: { page: "{{page}}", per_page: "100" }',
    '            - return: steps.one.body.data',
    '      - return:',
    `          items: "$reduce(steps.pages, $append, [])  /* service ${index} */"`,
    '  touch:',
    '    inputs:',
    '      id: { type: text, required: true }',
    '    steps:',
    '      - try:',
    '          steps:',
    '            - request: { method: POST, url: "/touch/{{path inputs.id}}", json: { at: "{{inputs.id}}" } }',
    '          catch:',
    '            - raise:',
    '                message: "Touch failed for {{inputs.id}}: {{error.message}}"',
  ];
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
