// The URL a remote service delivers a flow's webhooks to: `${publicBaseUrl}/hooks/${callbackToken}`.

/** `http://<host>:<port>` for the address the server listens on (IPv6 literals in brackets). */
export function defaultPublicBaseUrl(host: string, port: number): string {
  const h = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `http://${h}:${port}`;
}

export function callbackUrl(publicBaseUrl: string, callbackToken: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/hooks/${encodeURIComponent(callbackToken)}`;
}
