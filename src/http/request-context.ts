// What the caller (the interpreter) tells the HTTP pipeline about one request besides the request itself.
import type { Origin, RateBudget } from '../model/model.js';
import type { FileStore } from '../model/file-handle.js';
import type { HttpAttempt, HttpResponse, PreparedRequest } from './prepared-request.js';

export interface RequestContext {
  /** For messages: `connector acme may not call host ...`. */
  readonly connectorName: string;
  /** The step that sent the request; errors carry it. */
  readonly origin?: Origin;
  /** The base URL's host plus the connector's `hosts`; `*.example.com` matches any subdomain. */
  readonly allowedHosts: readonly string[];
  readonly allowPrivateNetwork: boolean;
  /** Requests sharing a key (the connection id) share `rateBudget`. */
  readonly rateKey?: string;
  readonly rateBudget?: RateBudget;
  /** Needed for `file` and `multipart` bodies with files, and `file` responses. */
  readonly fileStore?: FileStore;
  /** Limit for json/text/binary responses; the client's default (10 MiB) when absent. */
  readonly maxResponseBytes?: number;
  /** Limit for `file` responses; the client's default (100 MiB) when absent. */
  readonly maxFileBytes?: number;
  readonly signal?: AbortSignal;
  /**
   * Called once per `send` with a failed (4xx) response. Return the same request with fresh credentials
   * (e.g. after an OAuth refresh) to re-send it once, or undefined when this is not an expired-credentials answer.
   */
  readonly onAuthFailure?: (response: HttpResponse) => Promise<PreparedRequest | undefined>;
  /** Called for every request put on the wire, once its outcome is known (after the send settles). */
  readonly onAttempt?: (attempt: HttpAttempt) => void;
}
