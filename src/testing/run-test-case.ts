// Runs one test case, offline from its cassette or live while recording one, and checks its expectations.
// Either way the whole runtime runs as in production (engine, auth, HTTP pipeline); only the transport at the
// end of the pipeline is swapped.
import { RuntimeError } from '../errors/runtime-error.js';
import type { TokenHttp } from '../auth/token-http.js';
import type { HttpTransport } from '../http/http-client.js';
import type { Connection } from '../model/connection.js';
import type { Connector, ProjectModel } from '../model/model.js';
import { openRuntime, type Runtime } from '../runtime/open-runtime.js';
import { createRedactor } from '../store/redact.js';
import type { Store } from '../store/store.js';
import { cassetteText, parseCassette, readCassette, writeCassetteText, type Interaction } from './cassette.js';
import { connectionSecrets, fixtureConnection, recordingConnection } from './case-connection.js';
import { checkExpectations, type CaseOutcome } from './check-expectations.js';
import { plainJson, recordedRequestOf } from './recorded-request.js';
import { recordedResponseOf, RECORDED_RESPONSE_HEADERS } from './recorded-response.js';
import { createRecordingTransport, type LiveExchange } from './record-transport.js';
import { createReplayTransport, type UnrecordedRequest } from './replay-transport.js';
import { runCaseTarget } from './run-case-target.js';
import { createSecretScrubber } from './secret-scrubber.js';
import type { TestCase } from './test-case.js';

export interface CaseResult {
  readonly testCase: TestCase;
  readonly passed: boolean;
  readonly durationMs: number;
  /** Each a line, or a few lines for an unrecorded request. */
  readonly failures: string[];
  /** Record mode: the cassette written (project-relative) and how many interactions it holds. */
  readonly recorded?: { readonly file: string; readonly interactions: number };
}

export interface CaseEnvironment {
  readonly model: ProjectModel;
  /** Offline: a throw-away store; recording: the project's store (tokens refreshed live are kept). */
  readonly store: Store;
  readonly dataDir: string;
}

export type RunMode =
  | { readonly kind: 'replay' }
  | { readonly kind: 'record'; readonly connection?: Connection; readonly allowPrivateNetwork: boolean };

/** Offline runs never fetch tokens: the placeholder tokens are all there is. */
const OFFLINE_TOKEN_HTTP: TokenHttp = async () => {
  throw new RuntimeError('TEST_OFFLINE_TOKEN', 'the case asked for new OAuth tokens, which an offline run cannot get; record the case again', { actor: 'user' });
};

/** Replayed retries wait as little as possible (a recorded Retry-After is still honoured). */
const REPLAY_RETRY = { baseDelayMs: 1, maxDelayMs: 1 };

export async function runTestCase(testCase: TestCase, env: CaseEnvironment, mode: RunMode): Promise<CaseResult> {
  const started = performance.now();
  const connector = env.model.connectors.get(testCase.connector);
  if (!connector) throw new Error(`connector ${testCase.connector} is not in the model`);
  const result = mode.kind === 'replay' ? await replayCase(testCase, connector, env) : await recordCase(testCase, connector, env, mode);
  return { testCase, ...result, passed: result.failures.length === 0, durationMs: Math.round(performance.now() - started) };
}

type CaseVerdict = { failures: string[]; recorded?: CaseResult['recorded'] };

async function replayCase(testCase: TestCase, connector: Connector, env: CaseEnvironment): Promise<CaseVerdict> {
  const read = await readCassette(testCase.cassettePath, testCase.cassetteFile);
  if (!read.ok && !read.missing) {
    return { failures: read.diagnostics.map((d) => `TEST_CASSETTE_INVALID: ${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`) };
  }
  const connection = fixtureConnection(connector, testCase);
  const replay = createReplayTransport({
    cassette: read.ok ? read.cassette : undefined,
    cassetteFile: testCase.cassetteFile,
    scrubber: createSecretScrubber([]),
  });
  const outcome = await withRuntime(env, { wrap: () => replay.transport, allowPrivateNetwork: true, offline: true }, (runtime) =>
    runCaseTarget(runtime.engine, env.model, connector, testCase, connection),
  );
  // An unrecorded request fails the case whatever else happened (a `try` step may have caught its error).
  if (replay.log.unrecorded.length > 0) return { failures: replay.log.unrecorded.map(describeUnrecorded) };
  return { failures: await checkExpectations(testCase, outcome) };
}

async function recordCase(testCase: TestCase, connector: Connector, env: CaseEnvironment, mode: Extract<RunMode, { kind: 'record' }>): Promise<CaseVerdict> {
  // A connector without auth may record without a stored connection: the fixture is all it has.
  const connection = mode.connection ? recordingConnection(mode.connection, testCase) : fixtureConnection(connector, testCase);
  if (mode.connection) env.store.dynamicFieldsCache.invalidate(connection.id); // so this case records its own lookups
  const exchanges: LiveExchange[] = [];
  const outcome = await withRuntime(env, { wrap: (wire) => createRecordingTransport(wire, exchanges), allowPrivateNetwork: mode.allowPrivateNetwork, offline: false }, (runtime) =>
    runCaseTarget(runtime.engine, env.model, connector, testCase, connection),
  );

  // Tokens may have been refreshed during the run: their new values are secrets too.
  const after = mode.connection ? env.store.connections.get(connection.connector, connection.name) : undefined;
  const secrets = [...connectionSecrets(connection), ...(after ? connectionSecrets(after) : [])];
  const scrubber = createSecretScrubber(secrets);
  const rewrite = originRewrite(connector, connection, fixtureConnection(connector, testCase));
  const clean = {
    text: (text: string) => rewrite(scrubber.text(text)),
    value: (value: unknown) => rewriteDeep(scrubber.value(value), rewrite),
  };
  const keepHeaders = [...RECORDED_RESPONSE_HEADERS, ...testCase.recordHeaders];
  const interactions: Interaction[] = [];
  for (const exchange of exchanges) {
    if (!exchange.response) continue;
    interactions.push({
      request: recordedRequestOf(exchange.request, scrubber, exchange.origin),
      response: await recordedResponseOf(exchange.response, keepHeaders, clean, env.store.files),
    });
  }

  // Checked as the replay will see it: secrets as placeholders, URLs at the fixture's address.
  const seen = clean.value(plainJson(outcome)) as CaseOutcome;
  const redactor = createRedactor(secrets.map((s) => s.value));
  const failures = (await checkExpectations(testCase, seen)).map((f) => redactor.redactText(f));
  const text = cassetteText({ connector: connector.name, case: testCase.name, interactions });
  const leaked = scrubber.leaks(text);
  if (leaked.length > 0) {
    failures.push(`TEST_CASSETTE_SECRET: the recording still holds the value of ${leaked.join(', ')}; ${testCase.cassetteFile} was not written`);
    return { failures };
  }
  const reread = parseCassette(text, testCase.cassetteFile);
  if (!reread.ok) {
    const first = reread.missing ? undefined : reread.diagnostics[0];
    failures.push(`TEST_CASSETTE_INVALID: the recording could not be read back${first ? ` (${first.code} ${first.message})` : ''}; ${testCase.cassetteFile} was not written`);
    return { failures };
  }
  // A case that sends nothing (a webhook delivery) needs no cassette; an old one is emptied, not left stale.
  if (interactions.length === 0) {
    const existing = await readCassette(testCase.cassettePath, testCase.cassetteFile);
    if (!existing.ok && existing.missing) return { failures };
  }
  await writeCassetteText(testCase.cassettePath, text);
  return { failures, recorded: { file: testCase.cassetteFile, interactions: interactions.length } };
}

async function withRuntime<T>(
  env: CaseEnvironment,
  options: { wrap: (wire: HttpTransport) => HttpTransport; allowPrivateNetwork: boolean; offline: boolean },
  run: (runtime: Runtime) => Promise<T>,
): Promise<T> {
  const runtime = openRuntime({
    model: env.model,
    dataDir: env.dataDir,
    store: env.store,
    allowPrivateNetwork: options.allowPrivateNetwork,
    http: { wrapTransport: options.wrap, ...(options.offline && { retry: REPLAY_RETRY }) },
    ...(options.offline && { tokenHttp: OFFLINE_TOKEN_HTTP }),
  });
  try {
    return await run(runtime);
  } finally {
    await runtime.close();
  }
}

/**
 * When the live connection reaches the service at another address than the fixture (a local or staging server),
 * absolute URLs in responses (Link headers, `next` URLs in bodies) are rewritten to the fixture's base, so the
 * replay follows them to a host the connector allows.
 */
function originRewrite(connector: Connector, live: Connection, fixture: Connection): (text: string) => string {
  const from = baseOrigin(connector, live);
  const to = baseOrigin(connector, fixture);
  if (!from || !to || from === to) return (text) => text;
  return (text) => (text.includes(from) ? text.split(from).join(to) : text);
}

function baseOrigin(connector: Connector, connection: Connection): string | undefined {
  try {
    const base = connector.baseUrl.isLiteral ? connector.baseUrl.source : connector.baseUrl.render({ connection: connection.fields });
    return new URL(base).origin;
  } catch {
    return undefined;
  }
}

function rewriteDeep(value: unknown, rewrite: (text: string) => string, depth = 0): unknown {
  if (typeof value === 'string') return rewrite(value);
  if (value === null || typeof value !== 'object' || depth > 200) return value;
  if (Array.isArray(value)) return value.map((item) => rewriteDeep(item, rewrite, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    Object.defineProperty(out, key, { value: rewriteDeep(item, rewrite, depth + 1), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function describeUnrecorded(u: UnrecordedRequest): string {
  const lines = [`TEST_UNRECORDED_REQUEST: ${u.request.method} ${u.request.url} is not in ${u.cassetteFile}`];
  if (!u.cassetteExists) {
    lines.push('  there is no cassette for this case: record one with `runtime test --record`');
  } else if (!u.closest) {
    lines.push('  the cassette holds no interactions');
  } else {
    const recorded = u.closest.interaction.request;
    lines.push(`  closest recorded (#${u.closest.index + 1}): ${recorded.method} ${recorded.url}`);
    for (const difference of u.closest.differences) lines.push(`    ${difference}`);
  }
  return lines.join('\n');
}
