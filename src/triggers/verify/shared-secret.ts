// `shared-secret`: the header holds the secret itself (e.g. Okta event hooks' Authorization header).
import { constantTimeEqual } from './constant-time-equal.js';
import { rejected, VERIFIED, type SignatureScheme } from './signature-scheme.js';

export const sharedSecret: SignatureScheme = {
  name: 'shared-secret',
  needsSecret: true,
  isSigned: (verify, headers) => verify.header !== undefined && headers[verify.header.toLowerCase()] !== undefined,
  verify({ verify, request, secret }) {
    const value = verify.header ? request.headers[verify.header.toLowerCase()] : undefined;
    if (value === undefined) return rejected('WEBHOOK_SIGNATURE', 'secret header missing');
    return constantTimeEqual(value, secret) ? VERIFIED : rejected('WEBHOOK_SIGNATURE', 'secret mismatch');
  },
};
