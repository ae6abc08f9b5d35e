import { createHash, randomBytes, randomFillSync } from 'node:crypto';

const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let poolOffset = 0;

/**
 * `n` random bytes from the operating system's CSPRNG, drawn from a pool filled 4 KB at a time (as Node's own
 * `randomUUID` does): a call into OpenSSL per id or IV was ~3 % of intake's CPU per case. Every byte is handed out
 * once; a refill takes a new buffer, so bytes handed out before are never changed.
 */
export function randomBytesPooled(n: number): Buffer {
  if (n > POOL_BYTES / 8) return randomBytes(n);
  if (poolOffset + n > pool.length) {
    pool = randomFillSync(Buffer.allocUnsafe(POOL_BYTES));
    poolOffset = 0;
  }
  const out = pool.subarray(poolOffset, poolOffset + n);
  poolOffset += n;
  return out;
}

let lastMs = 0;
let counter = 0;

/**
 * RFC 9562 UUID version 7: 48-bit Unix milliseconds, then a 12-bit counter (method 1 of §6.2)
 * and random bits. Monotonic within this process: ids minted in the same millisecond (say, the
 * events of one transaction) sort in the order they were made.
 */
export function uuidv7(nowMs: number = Date.now()): string {
  let ms = Math.max(nowMs, lastMs);
  if (ms === lastMs) {
    counter++;
    if (counter > 0xfff) {
      ms = lastMs + 1;
      counter = 0;
    }
  } else {
    counter = 0;
  }
  lastMs = ms;
  const b = randomBytesPooled(16);
  let ts = BigInt(ms);
  for (let i = 5; i >= 0; i--) {
    b[i] = Number(ts & 0xffn);
    ts >>= 8n;
  }
  b[6] = 0x70 | (counter >> 8);
  b[7] = counter & 0xff;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * A deterministic UUIDv7: the timestamp of `ms`, the other bits from SHA-256 of `seed`. For an event
 * that must keep the same id however often it is derived (e.g. a clock's breach, found again after
 * a projection is rebuilt), so the outbox and consumers see one event, not two.
 */
export function uuidv7From(ms: number, seed: string): string {
  const b = createHash('sha256').update(seed).digest().subarray(0, 16);
  let ts = BigInt(ms);
  for (let i = 5; i >= 0; i--) {
    b[i] = Number(ts & 0xffn);
    ts >>= 8n;
  }
  b[6] = (b[6]! & 0x0f) | 0x70;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
