import { createHash } from 'node:crypto';
import type { Principal } from './principal.ts';

export interface TokenCacheOptions {
  /** Most tokens remembered at once; the oldest is forgotten first. */
  max?: number;
  /**
   * Longest a verification is reused, in ms: it bounds how long a token keeps passing after its signing key leaves
   * the identity provider's key set.
   */
  ttlMs?: number;
  now?: () => number;
}

/**
 * Tokens already verified (signature, issuer, audience, lifetime), so a caller's every request does not verify the
 * same signature again (ES256/RS256 verification was ~4 % of intake's CPU per case under load). Keyed by the token's
 * SHA-256, never the token; an entry is used only before the token's own `exp` and within `ttlMs` of its
 * verification. Failures are never remembered.
 */
export class VerifiedTokens {
  readonly #max: number;
  readonly #ttlMs: number;
  readonly #now: () => number;
  readonly #entries = new Map<string, { principal: Principal; untilMs: number }>();

  constructor(o: TokenCacheOptions = {}) {
    this.#max = o.max ?? 10_000;
    this.#ttlMs = o.ttlMs ?? 60_000;
    this.#now = o.now ?? Date.now;
  }

  static #key = (token: string) => createHash('sha256').update(token).digest('base64');

  /** The principal of a token verified before and still valid, else undefined. */
  get(token: string): Principal | undefined {
    const key = VerifiedTokens.#key(token);
    const e = this.#entries.get(key);
    if (!e) return undefined;
    if (this.#now() >= e.untilMs) {
      this.#entries.delete(key);
      return undefined;
    }
    return e.principal;
  }

  /** Remember a token just verified; `expSeconds` is its `exp` claim. */
  set(token: string, principal: Principal, expSeconds: number): void {
    const untilMs = Math.min(expSeconds * 1000, this.#now() + this.#ttlMs);
    if (untilMs <= this.#now()) return;
    if (this.#entries.size >= this.#max) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
    this.#entries.set(VerifiedTokens.#key(token), { principal, untilMs });
  }

  get size(): number {
    return this.#entries.size;
  }
}
