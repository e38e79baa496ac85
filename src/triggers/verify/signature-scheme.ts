// The interface every webhook signature scheme implements; the list of schemes is in ../webhook-verify.ts.
import type { VerifyScheme, WebhookVerify } from '../../model/model.js';
import type { TriggerErrorCode } from '../trigger-errors.js';

export interface VerifyRequest {
  /** Lower-case header names; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  /** The body exactly as received: signatures cover bytes, not parsed data. */
  readonly rawBody: Buffer;
}

export interface VerifyInput {
  readonly verify: WebhookVerify;
  readonly request: VerifyRequest;
  /** The rendered `verify.secret`; never empty when the scheme needs one (checked before). */
  readonly secret: string;
  /** Epoch milliseconds. */
  readonly now: number;
}

export type VerifyFailureCode = Extract<TriggerErrorCode, 'WEBHOOK_SIGNATURE' | 'WEBHOOK_TIMESTAMP'>;

/** `detail` is for the operator's log: it never holds a signature, a secret or request data. */
export type VerifyResult = { readonly ok: true } | { readonly ok: false; readonly code: VerifyFailureCode; readonly detail: string };

export interface SignatureScheme {
  readonly name: VerifyScheme;
  readonly needsSecret: boolean;
  /** Whether the request carries this scheme's signature at all (decides when handshakes run). */
  isSigned(verify: WebhookVerify, headers: Readonly<Record<string, string>>): boolean;
  verify(input: VerifyInput): VerifyResult;
}

export const VERIFIED: VerifyResult = Object.freeze({ ok: true });

export function rejected(code: VerifyFailureCode, detail: string): VerifyResult {
  return { ok: false, code, detail };
}
