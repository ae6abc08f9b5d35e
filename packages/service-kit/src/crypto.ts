import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM for personal fields at rest. Stored form: `v1.<iv>.<tag>.<ciphertext>` (base64url).
 * The record id is bound as associated data, so a ciphertext copied to another row fails to open.
 */
export class FieldCipher {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('FieldCipher needs a 32-byte key');
  }

  encrypt(plain: string, aad = ''): string {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key, iv);
    c.setAAD(Buffer.from(aad));
    const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return ['v1', iv.toString('base64url'), c.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
  }

  decrypt(stored: string, aad = ''): string {
    const [v, iv, tag, ct] = stored.split('.');
    if (v !== 'v1' || !iv || !tag || ct === undefined) throw new Error('not a v1 field ciphertext');
    const d = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    d.setAAD(Buffer.from(aad));
    d.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([d.update(Buffer.from(ct, 'base64url')), d.final()]).toString('utf8');
  }

  encryptOptional(plain: string | null | undefined, aad = ''): string | null {
    return plain === null || plain === undefined ? null : this.encrypt(plain, aad);
  }

  decryptOptional(stored: string | null, aad = ''): string | null {
    return stored === null ? null : this.decrypt(stored, aad);
  }
}

/**
 * Keyed blind index: HMAC-SHA256 of a normalised value, scoped by a purpose label, so records
 * can be matched by equality (same phone, same ID number) without decrypting any row.
 */
export function blindIndex(key: Buffer, purpose: string, normalised: string): string {
  return createHmac('sha256', key).update(`${purpose}\u0000${normalised}`).digest('base64url');
}
