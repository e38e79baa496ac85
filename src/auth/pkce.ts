// PKCE (RFC 7636) S256 pairs and OAuth `state` values: 32 random bytes, base64url.
import { createHash, randomBytes } from 'node:crypto';

export function randomUrlSafe(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function createPkcePair(): { codeVerifier: string; codeChallenge: string } {
  const codeVerifier = randomUrlSafe(32);
  return { codeVerifier, codeChallenge: s256Challenge(codeVerifier) };
}

export function s256Challenge(codeVerifier: string): string {
  return createHash('sha256').update(codeVerifier, 'ascii').digest('base64url');
}
