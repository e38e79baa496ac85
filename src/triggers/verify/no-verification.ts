// `none`: for services that cannot sign; the unguessable callback token is the only protection.
import { VERIFIED, type SignatureScheme } from './signature-scheme.js';

export const noVerification: SignatureScheme = {
  name: 'none',
  needsSecret: false,
  isSigned: () => false,
  verify: () => VERIFIED,
};
