// `GET /oauth/callback`: mounts the existing handler (../oauth-callback.ts), which answers its own pages.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { OAUTH_CALLBACK_PATH } from '../oauth-callback.js';
import type { Route } from '../route.js';
import { pathPattern } from '../route.js';

export type OAuthCallbackHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export function oauthCallbackRoute(handler: OAuthCallbackHandler): Route {
  return {
    name: 'oauth_callback',
    methods: ['GET'],
    match: pathPattern(OAUTH_CALLBACK_PATH),
    handle: ({ req, res }) => handler(req, res),
  };
}
