// The sending side of a webhook, as the fake SaaS would deliver: a JSON body signed with the hook's secret
// (X-Saas-Signature), a delivery id (X-Saas-Delivery). Plain node:http without keep-alive, so a runtime that is
// killed mid-request shows up as an error here, never as a stale pooled socket.
import http from 'node:http';
import { signBody } from './fake-saas.js';

export interface HttpAnswer {
  readonly status: number;
  readonly body: string;
}

export function request(method: string, url: string, body: string | undefined, headers: Record<string, string> = {}, timeoutMs = 10_000): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method,
      agent: false,
      headers: { ...(body !== undefined && { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }), ...headers },
      timeout: timeoutMs,
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${method} ${url} within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

export interface Delivery {
  readonly deliveryId: string;
  readonly record: { readonly id: string; readonly title: string };
  /** Sign this text instead of the body sent (a tampered delivery). */
  readonly signedText?: string;
}

export function sendDelivery(callbackUrl: string, secret: string, delivery: Delivery): Promise<HttpAnswer> {
  const body = JSON.stringify({ type: 'record.pushed', record: delivery.record });
  return request('POST', callbackUrl, body, {
    'x-saas-delivery': delivery.deliveryId,
    'x-saas-signature': signBody(secret, delivery.signedText ?? body),
  });
}
