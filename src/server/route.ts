// A route of the runtime's HTTP server: a path pattern, the methods it answers, and a handler. The server
// tries its routes in order; the first whose pattern matches the path takes the request.
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface RouteRequest {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  /** Named path segments (`:token` -> params.token), percent-decoded. */
  readonly params: Readonly<Record<string, string>>;
}

export interface Route {
  /** Short and fixed: the `route` label of metrics and logs (never the raw path, which may hold a token). */
  readonly name: string;
  readonly methods: readonly string[];
  /** Path parameters when `pathname` is this route's; undefined otherwise. */
  match(pathname: string): Readonly<Record<string, string>> | undefined;
  handle(request: RouteRequest): Promise<void>;
}

/**
 * A matcher for patterns such as `/hooks/:token`: literal segments compare exactly, `:name` takes one
 * non-empty segment. A segment that is not valid percent-encoding does not match.
 */
export function pathPattern(pattern: string): (pathname: string) => Readonly<Record<string, string>> | undefined {
  const parts = pattern.split('/');
  return (pathname) => {
    const segments = pathname.split('/');
    if (segments.length !== parts.length) return undefined;
    const params: Record<string, string> = {};
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      const segment = segments[i]!;
      if (part.startsWith(':')) {
        if (segment === '') return undefined;
        try {
          params[part.slice(1)] = decodeURIComponent(segment);
        } catch {
          return undefined;
        }
      } else if (part !== segment) {
        return undefined;
      }
    }
    return params;
  };
}
