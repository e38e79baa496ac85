// The runtime error codes the HTTP pipeline raises, with what each means; docs/errors.md documents them.
export const HTTP_ERROR_CODES = {
  HTTP_STATUS: 'The remote service answered with a non-2xx status (after retries); `status` and `body` hold its answer.',
  HTTP_NETWORK: 'No answer arrived: connection refused or reset, DNS failure, TLS failure, too many redirects.',
  HTTP_TIMEOUT: 'No complete answer within the request timeout.',
  HTTP_ABORTED: 'The request was cancelled (shutdown or a cancelled execution).',
  HTTP_HOST_NOT_ALLOWED: 'The URL (or a redirect) goes to a host the connector does not declare, or uses a scheme other than http/https.',
  HTTP_PRIVATE_ADDRESS: 'The host is, or resolves to, a loopback, private, link-local or otherwise non-public address.',
  HTTP_URL_INVALID: 'The rendered URL is not a valid absolute URL.',
  HTTP_HEADER_INVALID: 'A header name or value is not allowed on the wire (e.g. contains CR/LF).',
  HTTP_BODY_INVALID: 'The request body cannot be sent: a GET/HEAD with a body, or a JSON value that cannot be serialized.',
  HTTP_BAD_RESPONSE: 'The response claimed to be JSON but could not be parsed.',
  HTTP_RESPONSE_TOO_LARGE: 'The response body is larger than the limit.',
  HTTP_RATE_QUEUE_FULL: 'Too many requests are already waiting for the connection\'s rate budget.',
  HTTP_NO_FILE_STORE: 'A file body or file response was used where no file store is available.',
} as const;

export type HttpErrorCode = keyof typeof HTTP_ERROR_CODES;
