// Header names and values must be valid on the wire. A rendered template with CR/LF could otherwise split headers;
// Node would refuse it too, but with an error that does not say which header or step.
import { RuntimeError } from '../errors/runtime-error.js';
import type { HttpMiddleware } from './pipeline.js';

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const INVALID_VALUE_CHAR = /[^\t\x20-\x7e\x80-\xff]/;

export const guardHeaders: HttpMiddleware = {
  name: 'guard-headers',
  handle(request, call, next) {
    for (const [name, value] of Object.entries(request.headers)) {
      if (!TOKEN.test(name)) {
        throw new RuntimeError('HTTP_HEADER_INVALID', `header name ${JSON.stringify(name.slice(0, 60))} is not a valid HTTP token`, {
          actor: 'author', origin: call.context.origin,
        });
      }
      if (typeof value !== 'string' || INVALID_VALUE_CHAR.test(value)) {
        throw new RuntimeError(
          'HTTP_HEADER_INVALID',
          `header ${name} has a value with characters not allowed in HTTP headers (CR, LF, control or non-Latin-1 characters)`,
          { actor: 'author', origin: call.context.origin },
        );
      }
    }
    return next(request, call);
  },
};
