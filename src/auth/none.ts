// `auth: {type: none}`: public APIs; requests go out as rendered.
import type { AuthScheme } from './auth-scheme.js';

export const noAuth: AuthScheme = {
  async apply(request) {
    return request;
  },
};
