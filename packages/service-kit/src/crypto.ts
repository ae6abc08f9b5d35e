import { createCipheriv, createDecipheriv, createHmac } from 'node:crypto';
import { randomBytesPooled } from '@linkage/domain';

/** Field keys: the one that encrypts (`current`), and older ones kept to decrypt. */
export interface FieldKeyring {
  current: string;
  keys: Record<string, Buffer>;
}

const KID = /^[a-z0-9_-]{1,32}$/;

/**
 * AES-256-GCM for personal fields at rest. Stored forms (base64url parts):
 * - `v2.<kid>.<iv>.<tag>.<ciphertext>` with a keyring: the key id says which key opens it, so keys
 *   rotate: the current key encrypts, older keys still decrypt, `needsReencryption` finds the rows
 *   a re-encryption pass must rewrite;
 * - `v1.<iv>.<tag>.<ciphertext>` with a single key (no key id configured), and rows written before
 *   key ids existed: opened with the keyring's keys, current first (GCM's tag tells the right one).
 * The record id is bound as associated data, so a ciphertext copied to another row fails to open.
 */
export class FieldCipher {
  private readonly ring: FieldKeyring | undefined;
  private readonly single: Buffer | undefined;

  constructor(key: Buffer | FieldKeyring) {
    if (Buffer.isBuffer(key)) {
      if (key.length !== 32) throw new Error('FieldCipher needs a 32-byte key');
      this.single = key;
    } else {
      if (!key.keys[key.current]) throw new Error(`FieldCipher: no key for the current key id ${key.current}`);
      for (const [kid, k] of Object.entries(key.keys)) {
        if (!KID.test(kid)) throw new Error(`FieldCipher: bad key id ${kid}`);
        if (k.length !== 32) throw new Error(`FieldCipher: key ${kid} is not 32 bytes`);
      }
      this.ring = key;
    }
  }

  /** The key id new ciphertexts carry (undefined with a single key). */
  get currentKeyId(): string | undefined {
    return this.ring?.current;
  }

  encrypt(plain: string, aad = ''): string {
    const key = this.ring ? this.ring.keys[this.ring.current]! : this.single!;
    const iv = randomBytesPooled(12);
    const c = createCipheriv('aes-256-gcm', key, iv);
    c.setAAD(Buffer.from(aad));
    const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    const parts = [iv.toString('base64url'), c.getAuthTag().toString('base64url'), ct.toString('base64url')];
    return (this.ring ? ['v2', this.ring.current, ...parts] : ['v1', ...parts]).join('.');
  }

  decrypt(stored: string, aad = ''): string {
    const parts = stored.split('.');
    if (parts[0] === 'v2') {
      const [, kid, iv, tag, ct] = parts;
      const key = kid !== undefined ? this.ring?.keys[kid] : undefined;
      if (!key)
        throw new Error(`no field key with id ${kid ?? '?'} (keep old keys configured until re-encryption is done)`);
      if (!iv || !tag || ct === undefined) throw new Error('not a v2 field ciphertext');
      return open(key, iv, tag, ct, aad);
    }
    const [v, iv, tag, ct] = parts;
    if (v !== 'v1' || !iv || !tag || ct === undefined) throw new Error('not a field ciphertext');
    const candidates = this.ring
      ? [
          this.ring.keys[this.ring.current]!,
          ...Object.entries(this.ring.keys)
            .filter(([k]) => k !== this.ring!.current)
            .map(([, b]) => b),
        ]
      : [this.single!];
    let last: unknown;
    for (const key of candidates) {
      try {
        return open(key, iv, tag, ct, aad);
      } catch (e) {
        last = e;
      }
    }
    throw last;
  }

  /** True when the value was not written with the current key (a re-encryption pass rewrites it). */
  needsReencryption(stored: string): boolean {
    if (!this.ring) return false;
    return !stored.startsWith(`v2.${this.ring.current}.`);
  }

  /** Decrypt with whichever key wrote it and encrypt with the current key (same associated data). */
  reencrypt(stored: string, aad = ''): string {
    return this.needsReencryption(stored) ? this.encrypt(this.decrypt(stored, aad), aad) : stored;
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
function open(key: Buffer, iv: string, tag: string, ct: string, aad: string): string {
  const d = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  d.setAAD(Buffer.from(aad));
  d.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([d.update(Buffer.from(ct, 'base64url')), d.final()]).toString('utf8');
}

/** Parse `kid:base64,kid:base64` (FIELD_ENCRYPTION_OLD_KEYS). */
export function parseKeyList(value: string): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  for (const item of value.split(',').filter(Boolean)) {
    const at = item.indexOf(':');
    const kid = item.slice(0, at);
    const key = Buffer.from(item.slice(at + 1), 'base64');
    if (at <= 0 || !KID.test(kid) || key.length !== 32)
      throw new Error('expected kid:base64-of-32-bytes, comma-separated');
    out[kid] = key;
  }
  return out;
}

export function blindIndex(key: Buffer, purpose: string, normalised: string): string {
  return createHmac('sha256', key).update(`${purpose}\u0000${normalised}`).digest('base64url');
}

/** Blind-index keys: the one that writes new indexes (`current`), and older ones lookups still try. */
export type BlindIndexKeyring = FieldKeyring;

/**
 * Blind indexes whose key rotates. With a keyring an index is stored as `<kid>.<hmac>` (the key id is
 * recorded with it); an index without a key id (`blindIndex`, before rotation) is the bare HMAC. Lookups
 * compare against `candidates`: the value under every configured key, labelled and bare, so rows written
 * with an older key are still found until a re-index (`needsReindex`) has rewritten them with the current
 * key; then the old key can be removed.
 */
export class BlindIndexer {
  private readonly ring: BlindIndexKeyring | undefined;
  private readonly single: Buffer | undefined;

  constructor(key: Buffer | BlindIndexKeyring) {
    if (Buffer.isBuffer(key)) {
      if (key.length !== 32) throw new Error('BlindIndexer needs a 32-byte key');
      this.single = key;
    } else {
      if (!key.keys[key.current]) throw new Error(`BlindIndexer: no key for the current key id ${key.current}`);
      for (const [kid, k] of Object.entries(key.keys)) {
        if (!KID.test(kid)) throw new Error(`BlindIndexer: bad key id ${kid}`);
        if (k.length !== 32) throw new Error(`BlindIndexer: key ${kid} is not 32 bytes`);
      }
      this.ring = key;
    }
  }

  get currentKeyId(): string | undefined {
    return this.ring?.current;
  }

  /** The index to store for a value: under the current key, labelled with its id when keys rotate. */
  index(purpose: string, normalised: string): string {
    if (!this.ring) return blindIndex(this.single!, purpose, normalised);
    return `${this.ring.current}.${blindIndex(this.ring.keys[this.ring.current]!, purpose, normalised)}`;
  }

  /** Every stored form the value may have (each configured key, with and without its id): match any of them. */
  candidates(purpose: string, normalised: string): string[] {
    if (!this.ring) return [blindIndex(this.single!, purpose, normalised)];
    const out: string[] = [];
    for (const [kid, key] of Object.entries(this.ring.keys)) {
      const h = blindIndex(key, purpose, normalised);
      out.push(`${kid}.${h}`, h);
    }
    return out;
  }

  /** The key id a stored index records (undefined: a bare index from before key ids). */
  static keyIdOf(stored: string): string | undefined {
    const dot = stored.indexOf('.');
    return dot > 0 ? stored.slice(0, dot) : undefined;
  }

  /** True when the stored index was not written with the current key (a re-index rewrites it). */
  needsReindex(stored: string): boolean {
    if (!this.ring) return false;
    return BlindIndexer.keyIdOf(stored) !== this.ring.current;
  }
}

/** A key (base64 of 32 bytes) with its id and retired keys, from `<NAME>`, `<NAME>_ID` and `<NAME>_OLD` values. */
export function keyringOf(key: string, id: string | undefined, old: string | undefined): Buffer | FieldKeyring {
  const current = Buffer.from(key, 'base64');
  if (current.length !== 32) throw new Error('a key must be base64 of 32 bytes');
  if (!id) {
    if (old) throw new Error('retired keys need the id of the current key');
    return current;
  }
  if (!KID.test(id)) throw new Error(`bad key id ${id}`);
  const retired = old ? parseKeyList(old) : {};
  if (retired[id]) throw new Error(`the retired keys must not name the current key id ${id}`);
  return { current: id, keys: { ...retired, [id]: current } };
}
