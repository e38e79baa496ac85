// The recording transport: sends through the real wire transport and keeps every attempt that got a response
// (retries and re-sent credentials included), in the order they were sent. Nothing is scrubbed or written here:
// the case runner turns the exchanges into a cassette once the run is over and every secret (refreshed tokens
// too) is known. Attempts that got no response (network errors, timeouts) are not recorded.
import type { HttpTransport } from '../http/http-client.js';
import type { HttpResponse, PreparedRequest } from '../http/prepared-request.js';
import type { Origin } from '../model/model.js';

export interface LiveExchange {
  readonly request: PreparedRequest;
  /** Undefined while waiting, and for good when no response came. */
  response?: HttpResponse;
  readonly origin?: Origin;
}

export function createRecordingTransport(inner: HttpTransport, exchanges: LiveExchange[]): HttpTransport {
  return {
    async send(request, call) {
      // The slot is taken when the request goes out: concurrent requests stay in the order they were sent.
      const exchange: LiveExchange = { request, origin: call.context.origin };
      exchanges.push(exchange);
      exchange.response = await inner.send(request, call);
      return exchange.response;
    },
    close() {
      inner.close();
    },
  };
}
