// `runtime test [connectors...]`: runs connector test cases (connectors/*.test.yaml) offline from their cassettes.
// `runtime test --record <connector> --connection <name>` runs them against the live service with a stored
// connection and writes the cassettes, secrets scrubbed. Exit 0 all passed, 1 a case failed or a test file has
// problems, 2 usage errors.
import type { ProjectModel } from '../../model/model.js';
import type { Connection } from '../../model/connection.js';
import { hasErrors } from '../../errors/diagnostic.js';
import { loadConnectorTests, type LoadedTests } from '../../testing/load-test-files.js';
import { recordCases, replayCases, selectCases } from '../../testing/run-test-suite.js';
import type { CaseResult } from '../../testing/run-test-case.js';
import { formatCaseResult, formatSummary } from '../../testing/test-report.js';
import type { TestCase } from '../../testing/test-case.js';
import { EXIT, type CliCommand, type CliContext } from '../cli-command.js';
import { colorAllowed } from '../cli-io.js';
import { renderLoaded } from '../format/render-loaded.js';
import { loadProjectOrReport, openCliStore, type GlobalFlags } from '../open-cli-runtime.js';
import { projectRoot } from '../project-option.js';
import { addRuntimeOptions, resolveRuntimeOptions } from '../runtime-options.js';

interface TestFlags extends GlobalFlags {
  case?: string[];
  record?: boolean;
  connection?: string;
}

const MAX_CASE_FLAGS = 1000;

export const testCommand: CliCommand = {
  register(program, context) {
    addRuntimeOptions(
      program
        .command('test')
        .description('run connector test cases offline from their recorded HTTP (cassettes); --record writes the cassettes')
        .argument('[connectors...]', 'connectors whose cases to run (default: all)')
        .option('--case <name>', 'run only the case of this name (repeatable)', collectCase)
        .option('--record', 'run against the live service and write the cassettes (one connector at a time)')
        .option('--connection <name>', 'with --record: the stored connection to record with (see `runtime connections`)'),
    ).action(async (connectors: string[], _options: unknown, command) => {
      context.exitCode = await runTests(context, connectors, command.optsWithGlobals() as TestFlags);
    });
  },
};

function collectCase(value: string, previous: string[] = []): string[] {
  return previous.length >= MAX_CASE_FLAGS ? previous : [...previous, value];
}

async function runTests(context: CliContext, connectors: string[], flags: TestFlags): Promise<number> {
  const { io } = context;
  if (flags.connection !== undefined && !flags.record) return usage(context, '--connection is used with --record; offline runs need no connection');
  const model = await loadProjectOrReport(context, flags);
  if (!model) return context.exitCode;
  const loaded = await loadConnectorTests(model.root, model);
  if (hasErrors(loaded.diagnostics)) {
    io.stderr(renderDiagnostics(loaded));
    io.stderr('the test files have problems: fix them first\n');
    return EXIT.problems;
  }
  const selection = selectCases(loaded.cases, connectors, flags.case ?? []);
  const unknown = selection.unknownConnectors[0];
  if (unknown !== undefined) {
    return usage(context, model.connectors.has(unknown) ? `connector ${unknown} has no test cases (connectors/*.test.yaml with connector: ${unknown})` : `no connector '${unknown}' in the project`);
  }
  if (selection.unknownCases.length > 0) return usage(context, `no test case named '${selection.unknownCases[0]}'`);
  if (loaded.cases.length === 0) {
    io.stdout('no connector test cases found (connectors/*.test.yaml)\n');
    return EXIT.ok;
  }

  const color = colorAllowed(io);
  const print = (result: CaseResult) => io.stdout(formatCaseResult(result, { color }));
  const started = performance.now();
  let results: CaseResult[];
  if (flags.record) {
    const recorded = await record(context, model, selection.cases, flags, print);
    if (!recorded) return context.exitCode;
    results = recorded;
  } else {
    results = await replayCases(model, selection.cases, print);
  }
  io.stdout(formatSummary(results, performance.now() - started, { color }));
  return results.every((r) => r.passed) ? EXIT.ok : EXIT.problems;
}

/** Undefined after a usage error or a store that cannot be opened (exit code already set). */
async function record(context: CliContext, model: ProjectModel, cases: TestCase[], flags: TestFlags, print: (r: CaseResult) => void): Promise<CaseResult[] | undefined> {
  const connectorNames = [...new Set(cases.map((c) => c.connector))];
  if (connectorNames.length !== 1) {
    usage(context, `--record records one connector at a time: name it (runtime test --record <connector>); these have cases: ${connectorNames.join(', ')}`);
    return undefined;
  }
  const connector = model.connectors.get(connectorNames[0]!)!;
  if (connector.auth.type !== 'none' && flags.connection === undefined) {
    usage(context, `--record needs --connection <name>: the stored connection of ${connector.name} to call the service with`);
    return undefined;
  }
  const options = resolveRuntimeOptions(context.io, projectRoot(context.io, flags.project), flags);
  const store = openCliStore(context, flags);
  if (!store) return undefined;
  try {
    let connection: Connection | undefined;
    if (flags.connection !== undefined) {
      connection = store.connections.get(connector.name, flags.connection);
      if (!connection) {
        const known = store.connections.list(connector.name).map((c) => c.name);
        usage(context, `no connection '${flags.connection}' for connector ${connector.name} (${known.length > 0 ? `known: ${known.join(', ')}` : 'it has none yet'})`);
        return undefined;
      }
    }
    return await recordCases(model, cases, { store, dataDir: options.dataDir, connection, allowPrivateNetwork: options.allowPrivateNetwork }, print);
  } finally {
    store.close();
  }
}

function usage(context: CliContext, message: string): number {
  context.io.stderr(`error: ${message}\n`);
  context.exitCode = EXIT.usage;
  return EXIT.usage;
}

function renderDiagnostics(loaded: LoadedTests): string {
  return renderLoaded(loaded);
}
