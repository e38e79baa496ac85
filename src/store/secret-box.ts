// AES-256-GCM for secret values at rest. Stored text: `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts):
// a fresh 12-byte IV per value, the 16-byte tag, and the id of the key, so keys can be rotated (old keys kept
// for decryption) and a wrong key is reported as such instead of as corruption. The optional context (e.g. the
// connection id) is bound as associated data, so a ciphertext copied to another row does not decrypt.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { RuntimeError } from '../errors/runtime-error.js';
import { SECRET_KEY_BYTES } from './secret-key.js';

const FORMAT = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A short public fingerprint of a key: safe to print, useless for decryption. */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update('connector-runtime secret key id\0').update(key).digest('hex').slice(0, 8);
}

export class SecretBox {
  private readonly primary: { id: string; key: Buffer };
  private readonly keys = new Map<string, Buffer>();

  /** `previousKeys` only decrypt: values written with them stay readable while a key rotation is under way. */
  constructor(key: Buffer, previousKeys: readonly Buffer[] = []) {
    for (const k of [key, ...previousKeys]) {
      if (k.length !== SECRET_KEY_BYTES) throw new RuntimeError('STORE_SECRET_KEY', `a secret key must be ${SECRET_KEY_BYTES} bytes`, { actor: 'operational' });
      this.keys.set(keyIdOf(k), Buffer.from(k));
    }
    this.primary = { id: keyIdOf(key), key: this.keys.get(keyIdOf(key))! };
  }

  get keyId(): string {
    return this.primary.id;
  }

  /** True when `stored` is encrypted with the primary key: a rotation leaves such values as they are. */
  isCurrent(stored: string): boolean {
    return stored.startsWith(`${FORMAT}.${this.primary.id}.`);
  }

  encrypt(plaintext: string, context = ''): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.primary.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(`${FORMAT}.${this.primary.id}.${context}`, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [FORMAT, this.primary.id, iv.toString('base64url'), tag.toString('base64url'), ciphertext.toString('base64url')].join('.');
  }

  /**
   * `what` names the secrets in errors ("the secrets of connection github/me"); errors never include the stored text
   * or any part of the value.
   */
  decrypt(stored: string, context = '', what = 'the stored secrets'): string {
    const parts = stored.split('.');
    if (parts.length !== 5 || parts[0] !== FORMAT) {
      throw new RuntimeError('STORE_SECRET_CORRUPT', `${what} are not in a known encrypted format: the database was altered`, { actor: 'operational' });
    }
    const [, keyId, ivText, tagText, ciphertextText] = parts as [string, string, string, string, string];
    const key = this.keys.get(keyId);
    if (!key) {
      throw new RuntimeError(
        'STORE_SECRET_KEY',
        `${what} were encrypted with another key (key id ${keyId}; the current key has id ${this.primary.id}): `
          + 'set RUNTIME_SECRET_KEY to the original key or recreate the connection',
        { actor: 'operational' },
      );
    }
    const iv = Buffer.from(ivText, 'base64url');
    const tag = Buffer.from(tagText, 'base64url');
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
      throw new RuntimeError('STORE_SECRET_CORRUPT', `${what} are damaged: the database was altered`, { actor: 'operational' });
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(`${FORMAT}.${keyId}.${context}`, 'utf8'));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(Buffer.from(ciphertextText, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      // Same key id but the tag does not verify: altered bytes or a value moved between rows.
      throw new RuntimeError('STORE_SECRET_CORRUPT', `${what} failed their integrity check: the database was altered`, { actor: 'operational' });
    }
  }
}
