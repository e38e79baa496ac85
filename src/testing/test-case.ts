// One connector test case after loading: what runs, with what fixture, and what must come out. Built from a
// `*.test.yaml` file by load-test-files.ts; run by run-test-case.ts.
import type { Expression, Origin } from '../model/model.js';
import type { FileInputs } from './file-inputs.js';

export type CaseTarget =
  | { readonly kind: 'action'; readonly card: string }
  | { readonly kind: 'system'; readonly flow: 'authping' | 'revoke' }
  | { readonly kind: 'polling'; readonly event: string }
  | { readonly kind: 'webhook'; readonly event: string; readonly phase: 'deliver' | 'register' | 'deregister' | 'find' };

export interface DeliveryRequest {
  readonly method: 'GET' | 'POST';
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
  /** Text is sent as is; anything else as JSON; undefined sends an empty body. */
  readonly body?: unknown;
  readonly sign: boolean;
}

export interface CaseAssertion {
  readonly source: string;
  readonly expression: Expression;
}

/** Only the checks a case gives are made: `has` says which were given (a value may be null). */
export interface CaseExpectations {
  readonly outputs?: { readonly value: unknown };
  readonly records?: readonly unknown[];
  readonly cursor?: { readonly value: unknown };
  readonly response?: { readonly status?: number; readonly body?: { readonly value: unknown } };
  readonly assert: readonly CaseAssertion[];
}

export interface ExpectedError {
  readonly code: string;
  readonly status?: number;
  readonly message?: string;
}

export interface TestCase {
  readonly name: string;
  readonly connector: string;
  readonly target: CaseTarget;
  /** The file's and the case's connection fixture: non-secret fields only. */
  readonly connection: Readonly<Record<string, unknown>>;
  readonly options: Readonly<Record<string, unknown>>;
  readonly inputs: Readonly<Record<string, unknown>>;
  /** Action cases: the file-typed inputs, as fixture files that become handles when the case runs. */
  readonly fileInputs: FileInputs;
  /** Polling: the stored cursor the run starts from. */
  readonly cursor: unknown;
  /** Webhook: what `register` returned. */
  readonly registration: unknown;
  readonly webhookSecret: string;
  readonly webhookUrl: string;
  readonly request?: DeliveryRequest;
  readonly expect: CaseExpectations;
  readonly expectError?: ExpectedError;
  /** Absolute path of the cassette, and the same relative to the project root (for messages). */
  readonly cassettePath: string;
  readonly cassetteFile: string;
  /** Response headers kept in recordings besides the default allow-list (lower case). */
  readonly recordHeaders: readonly string[];
  /** Where the case is written: the test file (project-relative) and its line. */
  readonly origin: Origin;
}

export const DEFAULT_WEBHOOK_SECRET = 'test-webhook-secret';
export const DEFAULT_WEBHOOK_URL = 'https://runtime.example/hooks/test';

/** `create issue: returns #42` -> `create-issue-returns-42`: the cassette's file name. */
export function caseSlug(name: string): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80).replace(/-+$/, '');
  return slug === '' ? 'case' : slug;
}

export function caseLabel(testCase: Pick<TestCase, 'connector' | 'name'>): string {
  return `${testCase.connector} › ${testCase.name}`;
}
