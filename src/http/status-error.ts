// A non-2xx answer (after retries and re-sent auth) becomes HTTP_STATUS. The message names the method, the URL
// without its query, and the status: never the body (it travels in `body`) nor any header value.
import { STATUS_CODES } from 'node:http';
import { RuntimeError } from '../errors/runtime-error.js';
import type { Origin } from '../model/model.js';
import type { HttpResponse, PreparedRequest } from './prepared-request.js';
import type { HttpMiddleware } from './pipeline.js';
import { RETRYABLE_STATUSES } from './retry-policy.js';
import { printableUrl } from './request-url.js';

export function isSuccessStatus(status: number): boolean {
  return status >= 200 && status < 300;
}

/** `POST https://api.github.com/repos/o/r/issues answered 422 Unprocessable Entity`, actor author for 4xx. */
export function statusError(request: Pick<PreparedRequest, 'method' | 'url'>, response: HttpResponse, origin?: Origin): RuntimeError {
  const { status } = response;
  const reason = STATUS_CODES[status];
  const operational = status >= 500 || status === 429 || status < 400;
  return new RuntimeError(
    'HTTP_STATUS',
    `${request.method} ${printableUrl(request.url)} answered ${status}${reason ? ` ${reason}` : ''}`,
    {
      actor: operational ? 'operational' : 'author',
      origin,
      status,
      body: response.body,
      retryable: RETRYABLE_STATUSES.has(status) || status >= 500,
    },
  );
}

export const throwForStatus: HttpMiddleware = {
  name: 'throw-for-status',
  async handle(request, call, next) {
    const response = await next(request, call);
    if (!isSuccessStatus(response.status)) throw statusError(request, response, call.context.origin);
    return response;
  },
};
