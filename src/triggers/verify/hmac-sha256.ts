// `hmac-sha256`: e.g. GitHub's X-Hub-Signature-256 (prefix `sha256=`, hex), Shopify (base64), Slack (signedContent).
import { hmacScheme } from './hmac-signature.js';

export const hmacSha256 = hmacScheme('hmac-sha256', 'sha256');
