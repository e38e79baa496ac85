// The offline transport: answers each request from the case's cassette instead of the network. It sits where
// the wire transport sits (see HttpClientOptions.wrapTransport), so auth, guards, retries and pagination run
// unchanged in front of it.
//
// Matching: method + path + query (+ body when one was recorded). Interactions are used in recorded order: the
// first unused match answers, and once every match was used the last one answers again (a repeated request).
// A request without a match fails with TEST_UNRECORDED_REQUEST; it is also kept here, so a `try` step that
// catches the error cannot hide it from the case.
import { RuntimeError } from '../errors/runtime-error.js';
import type { HttpTransport } from '../http/http-client.js';
import type { MutableAttempt } from '../http/pipeline.js';
import { printableUrl, buildRequestUrl } from '../http/request-url.js';
import type { Cassette } from './cassette.js';
import { closestInteraction, type ClosestInteraction } from './closest-interaction.js';
import { canonicalRecordedUrl, recordedRequestOf, sameBody, type RecordedRequest } from './recorded-request.js';
import { replayedResponse } from './recorded-response.js';
import type { SecretScrubber } from './secret-scrubber.js';

export interface UnrecordedRequest {
  readonly request: RecordedRequest;
  readonly closest?: ClosestInteraction;
  /** Project-relative cassette path, and whether the file exists. */
  readonly cassetteFile: string;
  readonly cassetteExists: boolean;
}

export interface ReplayLog {
  readonly unrecorded: UnrecordedRequest[];
  /** Cassette positions served, in order. */
  readonly served: number[];
}

export interface ReplayOptions {
  /** Undefined: the case has no cassette (every request is unrecorded). */
  readonly cassette?: Cassette;
  readonly cassetteFile: string;
  /** Normalizes placeholders in the requests the replayed connection sends. */
  readonly scrubber: SecretScrubber;
}

export function createReplayTransport(options: ReplayOptions): { transport: HttpTransport; log: ReplayLog } {
  const interactions = options.cassette?.interactions ?? [];
  const recordedUrls = interactions.map((i) => canonicalRecordedUrl(i.request.url, options.scrubber));
  const used = new Set<number>();
  const log: ReplayLog = { unrecorded: [], served: [] };

  const transport: HttpTransport = {
    async send(request, call) {
      const { context } = call;
      const attempt: MutableAttempt = {
        method: request.method,
        url: printableUrl(buildRequestUrl(request, context.origin)),
        redirects: [],
        rateWaitMs: call.rateWaitMs,
        outcome: 'final',
      };
      call.rateWaitMs = 0;
      call.attempts.push(attempt);
      const sent = recordedRequestOf(request, options.scrubber, context.origin);
      const matches: number[] = [];
      interactions.forEach((interaction, index) => {
        const recorded = interaction.request;
        if (recorded.method !== sent.method || recordedUrls[index] !== sent.url) return;
        if (recorded.body !== undefined && !sameBody(recorded.body, sent.body)) return;
        matches.push(index);
      });
      const index = matches.find((i) => !used.has(i)) ?? matches[matches.length - 1];
      if (index === undefined) {
        const closest = closestInteraction(sent, interactions, recordedUrls);
        log.unrecorded.push({ request: sent, closest, cassetteFile: options.cassetteFile, cassetteExists: options.cassette !== undefined });
        attempt.error = 'TEST_UNRECORDED_REQUEST';
        throw new RuntimeError('TEST_UNRECORDED_REQUEST', `${sent.method} ${sent.url} was not recorded in ${options.cassetteFile}${closest ? ` (closest: #${closest.index + 1} ${closest.interaction.request.method} ${recordedUrls[closest.index]})` : ''}`, {
          actor: 'user',
          origin: context.origin,
        });
      }
      used.add(index);
      log.served.push(index);
      const response = await replayedResponse(interactions[index]!.response, request, call);
      attempt.status = response.status;
      return response;
    },
    close() {
      // Nothing is open: no sockets, no files.
    },
  };
  return { transport, log };
}
