// Runs a selection of test cases one after another. Offline runs get a throw-away data folder (the engine's file
// store and caches), removed afterwards, so replaying needs no stored connection and leaves nothing behind.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Connection } from '../model/connection.js';
import type { ProjectModel } from '../model/model.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { runTestCase, type CaseResult } from './run-test-case.js';
import type { TestCase } from './test-case.js';

export interface CaseSelection {
  readonly cases: TestCase[];
  /** Named on the command line but with no test cases. */
  readonly unknownConnectors: string[];
  /** `--case` names that match no selected case. */
  readonly unknownCases: string[];
}

/** Empty lists select everything. */
export function selectCases(all: readonly TestCase[], connectors: readonly string[], caseNames: readonly string[]): CaseSelection {
  const byConnector = connectors.length === 0 ? [...all] : all.filter((c) => connectors.includes(c.connector));
  const cases = caseNames.length === 0 ? byConnector : byConnector.filter((c) => caseNames.includes(c.name));
  return {
    cases,
    unknownConnectors: connectors.filter((name) => !all.some((c) => c.connector === name)),
    unknownCases: caseNames.filter((name) => !byConnector.some((c) => c.name === name)),
  };
}

export async function replayCases(model: ProjectModel, cases: readonly TestCase[], onResult: (result: CaseResult) => void): Promise<CaseResult[]> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'runtime-test-'));
  let store: Store | undefined;
  try {
    store = openStore(dataDir, { env: {} });
    const results: CaseResult[] = [];
    for (const testCase of cases) {
      const result = await runTestCase(testCase, { model, store, dataDir }, { kind: 'replay' });
      results.push(result);
      onResult(result);
    }
    return results;
  } finally {
    store?.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

export interface RecordSetup {
  readonly store: Store;
  readonly dataDir: string;
  /** The stored connection with its secrets; absent for a connector without auth. */
  readonly connection?: Connection;
  readonly allowPrivateNetwork: boolean;
}

export async function recordCases(model: ProjectModel, cases: readonly TestCase[], setup: RecordSetup, onResult: (result: CaseResult) => void): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const testCase of cases) {
    const result = await runTestCase(testCase, { model, store: setup.store, dataDir: setup.dataDir }, {
      kind: 'record',
      connection: setup.connection,
      allowPrivateNetwork: setup.allowPrivateNetwork,
    });
    results.push(result);
    onResult(result);
  }
  return results;
}
