// Loads a project's connector test files into test cases, collecting every problem of every file at once, like
// the definition loader: read (size checked first) -> parse YAML -> validate against the schema -> check the cases
// against the compiled connectors (cards, fields, secrets) -> compile the assertions.
import path from 'node:path';
import { makeDiagnostic } from '../errors/codes.js';
import { compareDiagnostics, hasErrors, type Diagnostic } from '../errors/diagnostic.js';
import { compileExpression } from '../expr/compile-expression.js';
import type { Connector, ProjectModel } from '../model/model.js';
import { toProjectPath } from '../project/load-project.js';
import { closestWord } from '../schema/closest-word.js';
import { validateWithSchema } from '../schema/validate-definition.js';
import { DEFAULT_SOURCE_LIMITS, SourceFile, type Path } from '../source/source-file.js';
import { findTestFiles } from './find-test-files.js';
import { fileInputsOf } from './file-inputs.js';
import { readBoundedText } from './read-bounded-text.js';
import { secretPlaceholder } from './secret-scrubber.js';
import {
  caseSlug,
  DEFAULT_WEBHOOK_SECRET,
  DEFAULT_WEBHOOK_URL,
  type CaseAssertion,
  type CaseExpectations,
  type CaseTarget,
  type DeliveryRequest,
  type ExpectedError,
  type TestCase,
} from './test-case.js';
import { connectorTestValidator } from './test-schemas.js';

export interface LoadedTests {
  /** Cases of the files without errors, in file order. */
  readonly cases: TestCase[];
  /** Sorted by file, line, column. */
  readonly diagnostics: Diagnostic[];
  /** Every test file read, by project-relative path. */
  readonly sources: ReadonlyMap<string, SourceFile>;
  readonly files: readonly string[];
}

type Json = Record<string, unknown>;
const TARGET_KEYS = ['card', 'system', 'polling', 'webhook'] as const;
const AT_START = { line: 1, column: 1, length: 1 };

export async function loadConnectorTests(root: string, model: ProjectModel): Promise<LoadedTests> {
  const absRoot = path.resolve(root);
  const found = await findTestFiles(path.join(absRoot, 'connectors'));
  const diagnostics: Diagnostic[] = found.problems.map((p) => makeDiagnostic('FILE_UNREADABLE', p.reason, toProjectPath(absRoot, p.path), AT_START));
  const sources = new Map<string, SourceFile>();
  const cases: TestCase[] = [];
  const cassettes = new Map<string, string>();

  for (const absFile of found.files) {
    const file = toProjectPath(absRoot, absFile);
    const text = await readBoundedText(absFile, DEFAULT_SOURCE_LIMITS.maxBytes);
    if (!('text' in text)) {
      const problem = 'problem' in text ? text.problem : { code: 'FILE_UNREADABLE' as const, message: 'no such file' };
      diagnostics.push(makeDiagnostic(problem.code, problem.message, file, AT_START));
      continue;
    }
    const source = new SourceFile(file, text.text);
    sources.set(file, source);
    const fileDiagnostics = [...source.diagnostics];
    if (fileDiagnostics.length === 0) fileDiagnostics.push(...validateWithSchema(source, connectorTestValidator()));
    if (!hasErrors(fileDiagnostics)) {
      const built = buildCases(source, model, absRoot, path.dirname(absFile));
      fileDiagnostics.push(...built.diagnostics);
      for (const testCase of built.cases) {
        const earlier = cassettes.get(testCase.cassettePath);
        if (earlier !== undefined) {
          fileDiagnostics.push(makeDiagnostic('DEF_DUPLICATE_NAME', `case '${testCase.name}' would share the cassette ${testCase.cassetteFile} with case '${earlier}': rename one`, file, { line: testCase.origin.line, column: testCase.origin.column, length: 1 }));
        }
        cassettes.set(testCase.cassettePath, testCase.name);
      }
      if (!hasErrors(fileDiagnostics)) cases.push(...built.cases);
    }
    diagnostics.push(...fileDiagnostics);
  }
  diagnostics.sort(compareDiagnostics);
  return { cases, diagnostics, sources, files: found.files.map((f) => toProjectPath(absRoot, f)) };
}

/** A schema-valid file's cases, checked against the connector they test. */
function buildCases(source: SourceFile, model: ProjectModel, root: string, dir: string): { cases: TestCase[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const report = (code: string, message: string, at: Path, where: 'key' | 'value' = 'value', hint?: string) => {
    diagnostics.push(makeDiagnostic(code, message, source.file, source.locate(at, where), hint));
  };
  const doc = source.value as Json;
  const connectorName = doc.connector as string;
  const connector = model.connectors.get(connectorName);
  if (!connector) {
    const suggestion = closestWord(connectorName, model.connectors.keys());
    report('REF_UNKNOWN_CONNECTOR', `no connector '${connectorName}' in the project${suggestion ? ` (did you mean '${suggestion}'?)` : ''}`, ['connector']);
    return { cases: [], diagnostics };
  }
  const fileFixture = (doc.connection ?? {}) as Json;
  checkFixture(connector, fileFixture, ['connection'], report);
  const recordHeaders = ((doc.recordHeaders ?? []) as string[]).map((h) => h.toLowerCase());

  const cases: TestCase[] = [];
  const names = new Map<string, number>();
  (doc.cases as Json[]).forEach((raw, i) => {
    const at: Path = ['cases', i];
    const before = diagnostics.length;
    const name = raw.name as string;
    const slug = caseSlug(name);
    if (names.has(slug)) {
      const first = (doc.cases as Json[])[names.get(slug)!]!.name as string;
      report('DEF_DUPLICATE_NAME', first === name ? `a case named '${name}' is already defined above` : `case names '${first}' and '${name}' give the same cassette name '${slug}'`, [...at, 'name']);
    } else {
      names.set(slug, i);
    }
    const target = caseTarget(connector, raw, at, report);
    const caseFixture = (raw.connection ?? {}) as Json;
    checkFixture(connector, caseFixture, [...at, 'connection'], report);
    const inputs = (raw.inputs ?? {}) as Json;
    const fileInputs = target?.kind === 'action' ? fileInputsOf(inputs, connector.actions[target.card]!.inputs, dir, root, [...at, 'inputs'], report) : {};
    checkCaseShape(raw, target, at, report);
    const assertions = compileAssertions(source, raw, at, diagnostics);
    if (!target || diagnostics.length > before) return;

    const line = source.locate(at);
    const cassettePath = path.join(dir, 'cassettes', connector.name, `${slug}.yaml`);
    cases.push({
      name,
      connector: connector.name,
      target,
      connection: { ...fileFixture, ...caseFixture },
      options: (raw.options ?? {}) as Json,
      inputs,
      fileInputs,
      cursor: raw.cursor ?? null,
      registration: raw.registration,
      webhookSecret: (raw.webhookSecret as string | undefined) ?? DEFAULT_WEBHOOK_SECRET,
      webhookUrl: (raw.webhookUrl as string | undefined) ?? DEFAULT_WEBHOOK_URL,
      request: raw.request === undefined ? undefined : deliveryRequest(raw.request as Json),
      expect: expectations(raw.expect as Json | undefined, assertions),
      expectError: raw.expectError as ExpectedError | undefined,
      cassettePath,
      cassetteFile: toProjectPath(root, cassettePath),
      recordHeaders,
      origin: { file: source.file, line: line.line, column: line.column },
    });
  });
  return { cases, diagnostics };
}

type Report = (code: string, message: string, at: Path, where?: 'key' | 'value', hint?: string) => void;

function caseTarget(connector: Connector, raw: Json, at: Path, report: Report): CaseTarget | undefined {
  const given = TARGET_KEYS.filter((k) => raw[k] !== undefined);
  if (given.length === 0) {
    report('DEF_MISSING_PROPERTY', 'a case names what it runs: one of card, system, polling or webhook', at);
    return undefined;
  }
  if (given.length > 1) {
    report('DEF_CONFLICT', `a case runs one thing: '${given[0]}' and '${given[1]}' cannot be used together`, [...at, given[1]!], 'key');
    return undefined;
  }
  const key = given[0]!;
  const name = raw[key] as string;
  const where: Path = [...at, key];
  const unknown = (what: string, known: string[]): undefined => {
    const suggestion = closestWord(name, known);
    const list = known.length > 0 ? known.join(', ') : 'none';
    report('REF_UNKNOWN_CARD', `connector ${connector.name} has no ${what} '${name}' (${suggestion ? `did you mean '${suggestion}'? ` : ''}${what}s: ${list})`, where);
    return undefined;
  };
  switch (key) {
    case 'card':
      if (!connector.actions[name]) return unknown('action', Object.keys(connector.actions));
      return { kind: 'action', card: name };
    case 'system':
      if (!connector.system[name as 'authping' | 'revoke']) {
        report('REF_UNKNOWN_FLOW', `connector ${connector.name} defines no system flow '${name}'`, where);
        return undefined;
      }
      return { kind: 'system', flow: name as 'authping' | 'revoke' };
    case 'polling': {
      const withPolling = Object.keys(connector.events).filter((e) => connector.events[e]!.polling);
      if (!connector.events[name]?.polling) return unknown('polling event', withPolling);
      return { kind: 'polling', event: name };
    }
    case 'webhook': {
      const withWebhook = Object.keys(connector.events).filter((e) => connector.events[e]!.webhook);
      const webhook = connector.events[name]?.webhook;
      if (!webhook) return unknown('webhook event', withWebhook);
      const phase = (raw.phase as 'deliver' | 'register' | 'deregister' | 'find' | undefined) ?? 'deliver';
      if ((phase === 'deregister' || phase === 'find') && !webhook[phase]) {
        report('REF_UNKNOWN_FLOW', `the webhook of ${connector.name}.${name} has no ${phase} flow`, [...at, 'phase']);
        return undefined;
      }
      return { kind: 'webhook', event: name, phase };
    }
  }
}

/** Keys that only make sense for some kinds of case: a stray one is a mistake worth saying. */
function checkCaseShape(raw: Json, target: CaseTarget | undefined, at: Path, report: Report): void {
  const delivery = target?.kind === 'webhook' && target.phase === 'deliver';
  if (delivery && raw.request === undefined) report('DEF_MISSING_PROPERTY', "a webhook delivery case needs 'request': the delivery to send", at);
  const only: [string, boolean, string][] = [
    ['request', delivery || !target, 'webhook delivery cases'],
    ['phase', target?.kind !== 'action' && target?.kind !== 'system' && target?.kind !== 'polling', 'webhook cases'],
    ['cursor', !target || target.kind === 'polling', 'polling cases'],
    ['registration', !target || target.kind === 'webhook', 'webhook cases'],
    ['webhookSecret', !target || target.kind === 'webhook', 'webhook cases'],
    ['webhookUrl', !target || (target.kind === 'webhook' && target.phase !== 'deliver'), 'webhook register, find and deregister cases'],
    ['inputs', !target || target.kind === 'action', 'action cases'],
  ];
  for (const [key, allowed, what] of only) {
    if (raw[key] !== undefined && !allowed) report('DEF_CONFLICT', `'${key}' is only used by ${what}`, [...at, key], 'key');
  }
  if (raw.expect !== undefined && raw.expectError !== undefined) {
    report('DEF_CONFLICT', "a case expects either a result ('expect') or an error ('expectError'), not both", [...at, 'expectError'], 'key');
  }
}

/** Fixture fields must exist; secret ones never carry a value (only their placeholder). */
function checkFixture(connector: Connector, fixture: Json, at: Path, report: Report): void {
  for (const [name, value] of Object.entries(fixture)) {
    const field = connector.connectionFields[name];
    if (!field) {
      const suggestion = closestWord(name, Object.keys(connector.connectionFields));
      report('REF_UNKNOWN_FIELD', `connector ${connector.name} has no connection field '${name}'${suggestion ? ` (did you mean '${suggestion}'?)` : ''}`, [...at, name], 'key');
    } else if (field.type === 'secret' && value !== secretPlaceholder(name)) {
      report('DEF_INVALID_VALUE', `'${name}' is a secret field: test files never hold secrets`, [...at, name], 'value',
        `remove it; in tests its value is always ${secretPlaceholder(name)}`);
    }
  }
}

function compileAssertions(source: SourceFile, raw: Json, at: Path, diagnostics: Diagnostic[]): CaseAssertion[] {
  const list = ((raw.expect as Json | undefined)?.assert ?? []) as string[];
  const out: CaseAssertion[] = [];
  list.forEach((text, j) => {
    const where: Path = [...at, 'expect', 'assert', j];
    const pos = source.locate(where);
    const compiled = compileExpression(text, { file: source.file, line: pos.line, column: pos.column });
    if (compiled.ok) {
      out.push({ source: text, expression: compiled.expression });
    } else {
      const { problem } = compiled;
      diagnostics.push(makeDiagnostic(problem.code, problem.message, source.file, source.locateInScalar(where, problem.offset, problem.length)));
    }
  });
  return out;
}

function deliveryRequest(raw: Json): DeliveryRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries((raw.headers ?? {}) as Record<string, string>)) headers[name.toLowerCase()] = value;
  return {
    method: (raw.method as 'GET' | 'POST' | undefined) ?? 'POST',
    headers,
    query: (raw.query ?? {}) as Record<string, string>,
    body: raw.body,
    sign: raw.sign === true,
  };
}

function expectations(raw: Json | undefined, assertions: CaseAssertion[]): CaseExpectations {
  const has = (key: string) => raw !== undefined && Object.hasOwn(raw, key);
  const response = raw?.response as Json | undefined;
  return {
    ...(has('outputs') && { outputs: { value: raw!.outputs } }),
    ...(has('records') && { records: raw!.records as unknown[] }),
    ...(has('cursor') && { cursor: { value: raw!.cursor } }),
    ...(response && {
      response: {
        ...(typeof response.status === 'number' && { status: response.status }),
        ...(Object.hasOwn(response, 'body') && { body: { value: response.body } }),
      },
    }),
    assert: assertions,
  };
}
