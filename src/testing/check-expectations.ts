// Compares what a case's run gave with what the case expects, and says each mismatch in one line:
// `expected outputs.number 42, got 41`. Exact checks compare data (key order does not matter); a map compares
// only the keys it gives. Assertions are JSONata over {outputs, error, records, cursor, response}.
import { isDeepStrictEqual } from 'node:util';
import { isRuntimeError } from '../errors/runtime-error.js';
import { plainJson } from './recorded-request.js';
import { shownJson } from './closest-interaction.js';
import type { TestCase } from './test-case.js';

export interface CaseError {
  readonly code: string;
  readonly message: string;
  readonly status?: number;
  readonly body?: unknown;
}

/** What a case's run gave; what a kind of case does not produce stays undefined. */
export interface CaseOutcome {
  readonly outputs?: unknown;
  readonly error?: CaseError;
  readonly records?: unknown[];
  readonly cursor?: unknown;
  readonly response?: { readonly status: number; readonly headers: Readonly<Record<string, string>>; readonly body: unknown };
}

/** Mismatches, each one line; none means the case passed. */
export async function checkExpectations(testCase: TestCase, outcome: CaseOutcome): Promise<string[]> {
  const failures: string[] = [];
  const { error } = outcome;
  const expectedError = testCase.expectError;
  if (expectedError) {
    if (!error) {
      failures.push(`expected error ${expectedError.code}, but the run succeeded`);
    } else {
      if (error.code !== expectedError.code) failures.push(`expected error ${expectedError.code}, got ${describeError(error)}`);
      if (expectedError.status !== undefined && error.status !== expectedError.status) {
        failures.push(`expected error status ${expectedError.status}, got ${error.status ?? 'none'}`);
      }
      if (expectedError.message !== undefined && !error.message.includes(expectedError.message)) {
        failures.push(`expected the error message to contain ${shownJson(expectedError.message)}, got ${shownJson(error.message)}`);
      }
    }
  } else if (error) {
    failures.push(`failed with ${describeError(error)}`);
  }

  const expect = testCase.expect;
  if (expect.outputs) compareShape('outputs', expect.outputs.value, outcome.outputs, failures);
  if (expect.records) {
    const records = outcome.records ?? [];
    if (records.length !== expect.records.length) {
      failures.push(`expected ${count(expect.records.length, 'record')}, got ${records.length}`);
    } else {
      expect.records.forEach((record, i) => compareShape(`records[${i}]`, record, records[i], failures));
    }
  }
  if (expect.cursor) compareExact('cursor', expect.cursor.value, outcome.cursor, failures);
  if (expect.response) {
    const response = outcome.response;
    if (expect.response.status !== undefined && response?.status !== expect.response.status) {
      failures.push(`expected response.status ${expect.response.status}, got ${response?.status ?? 'nothing'}`);
    }
    if (expect.response.body) compareShape('response.body', expect.response.body.value, response?.body, failures);
  }
  if (expect.assert.length > 0) {
    const scope = plainJson({
      outputs: outcome.outputs ?? null,
      error: outcome.error ?? null,
      records: outcome.records ?? null,
      cursor: outcome.cursor ?? null,
      response: outcome.response ?? null,
    }) as Record<string, unknown>;
    for (const assertion of expect.assert) {
      try {
        const value = await assertion.expression.evaluate(scope);
        if (value !== true) failures.push(`assertion failed: ${assertion.source}${value === false ? '' : ` (gave ${shownJson(value)})`}`);
      } catch (e) {
        failures.push(`assertion ${assertion.source} could not be evaluated: ${isRuntimeError(e) ? e.message : String(e)}`);
      }
    }
  }
  return failures;
}

/** A map checks only its keys (each deep-equal); anything else must equal the whole value. */
function compareShape(what: string, expected: unknown, actual: unknown, failures: string[]): void {
  if (isMap(expected) && isMap(actual)) {
    for (const [key, value] of Object.entries(expected)) compareExact(`${what}.${key}`, value, actual[key], failures);
    return;
  }
  compareExact(what, expected, actual, failures);
}

function compareExact(what: string, expected: unknown, actual: unknown, failures: string[]): void {
  if (!isDeepStrictEqual(plainJson(expected ?? null), plainJson(actual ?? null))) {
    failures.push(`expected ${what} ${shownJson(expected)}, got ${shownJson(actual)}`);
  }
}

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function describeError(error: CaseError): string {
  return `${error.code}${error.status !== undefined ? ` (status ${error.status})` : ''}: ${error.message}`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
