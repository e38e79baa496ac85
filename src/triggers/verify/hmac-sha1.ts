// `hmac-sha1`: older services, e.g. GitHub's X-Hub-Signature (prefix `sha1=`, hex).
import { hmacScheme } from './hmac-signature.js';

export const hmacSha1 = hmacScheme('hmac-sha1', 'sha1');
