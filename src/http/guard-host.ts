// Requests go only to the hosts a connector declares, over http/https, and never to private addresses unless the
// connector allows it. Checked before every attempt, on every redirect (got's beforeRedirect), and on the RESOLVED
// address through a DNS lookup wrapper, so neither a redirect nor DNS rebinding can reach an internal service.
import dns from 'node:dns';
import type { LookupFunction } from 'node:net';
import type { Origin } from '../model/model.js';
import { RuntimeError } from '../errors/runtime-error.js';
import { isIpLiteral, isPrivateAddress } from './private-address.js';
import { buildRequestUrl, printableUrl } from './request-url.js';
import type { HttpMiddleware } from './pipeline.js';

export interface HostGuard {
  readonly connectorName: string;
  readonly allowedHosts: readonly string[];
  readonly allowPrivateNetwork: boolean;
  readonly origin?: Origin;
}

/** `hostname` (or `host:port`) equals an entry, or matches `*.example.com` (any subdomain, not the apex). */
export function isHostAllowed(url: URL, allowedHosts: readonly string[]): boolean {
  const hostname = normalizeHost(url.hostname);
  const hostWithPort = url.port ? `${hostname}:${url.port}` : hostname;
  return allowedHosts.some((entry) => {
    const wanted = normalizeHost(entry);
    if (wanted.startsWith('*.')) {
      const suffix = wanted.slice(1);
      return hostname.endsWith(suffix) && hostname.length > suffix.length;
    }
    return wanted === hostname || wanted === hostWithPort;
  });
}

/** Throws HTTP_HOST_NOT_ALLOWED or HTTP_PRIVATE_ADDRESS (actor author) when `url` may not be called. */
export function checkUrlAllowed(url: URL, guard: HostGuard): void {
  const where = printableUrl(url);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new RuntimeError('HTTP_HOST_NOT_ALLOWED', `connector ${guard.connectorName} may only call http or https URLs, not ${url.protocol.slice(0, 20)}`, {
      actor: 'author',
      origin: guard.origin,
    });
  }
  if (!isHostAllowed(url, guard.allowedHosts)) {
    const declared = guard.allowedHosts.slice(0, 5).join(', ') + (guard.allowedHosts.length > 5 ? ', ...' : '');
    throw new RuntimeError(
      'HTTP_HOST_NOT_ALLOWED',
      `connector ${guard.connectorName} may not call ${where}: host ${url.hostname} is not its base URL host nor in its hosts (${declared || 'none'}); add it to \`hosts:\` if intended`,
      { actor: 'author', origin: guard.origin },
    );
  }
  if (!guard.allowPrivateNetwork && isIpLiteral(url.hostname) && isPrivateAddress(url.hostname)) {
    throw privateAddressError(guard, url.hostname, url.hostname);
  }
}

export function privateAddressError(guard: HostGuard, hostname: string, address: string): RuntimeError {
  const resolved = hostname === address ? 'is' : `resolves to ${address}, which is`;
  return new RuntimeError(
    'HTTP_PRIVATE_ADDRESS',
    `connector ${guard.connectorName} may not call host ${hostname}: it ${resolved} a loopback, private or reserved address; set \`allowPrivateNetwork: true\` in the connector if intended`,
    { actor: 'author', origin: guard.origin },
  );
}

/** Raised inside the DNS lookup, where the connector is unknown; the transport turns it into a RuntimeError. */
export class PrivateAddressLookupError extends Error {
  readonly code = 'HTTP_PRIVATE_ADDRESS';
  constructor(
    readonly hostname: string,
    readonly address: string,
  ) {
    super(`host ${hostname} resolves to a private address`);
    this.name = 'PrivateAddressLookupError';
  }
}

/** A `lookup` for sockets that refuses the whole answer when ANY resolved address is private. */
export const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) {
      callback(error, '', 0);
      return;
    }
    const refused = addresses.find((a) => isPrivateAddress(a.address));
    if (refused) {
      callback(new PrivateAddressLookupError(hostname, refused.address), '', 0);
      return;
    }
    const first = addresses[0];
    if (options.all) callback(null, addresses);
    else if (first) callback(null, first.address, first.family);
    else callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
  });
};

export function hostGuardOf(context: HostGuard): HostGuard {
  return {
    connectorName: context.connectorName,
    allowedHosts: context.allowedHosts,
    allowPrivateNetwork: context.allowPrivateNetwork,
    origin: context.origin,
  };
}

/** Checks the URL before anything is sent or budgeted (redirect targets: see the transport). */
export const guardHost: HttpMiddleware = {
  name: 'guard-host',
  handle(request, call, next) {
    checkUrlAllowed(buildRequestUrl(request, call.context.origin), call.context);
    return next(request, call);
  },
};

function normalizeHost(host: string): string {
  return host.trim().toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
}
