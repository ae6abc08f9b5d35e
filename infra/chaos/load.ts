// A bounded, steady load of high-risk cases through intake's API, as a hotline would send them:
// each POST carries an Idempotency-Key and is retried with the same key when no answer came back.
// A case counts as ACKNOWLEDGED only when a 201 arrived; those are the cases the verifier checks.
import { randomUUID } from 'node:crypto';
import { mintToken, type KeyPair } from '@linkage/auth';
import { sleep } from './stack.ts';

export const DASH_HIGH = [
  'current_injury',
  'very_frightened',
  'afraid_of_outcome',
  'isolated',
  'separation',
  'stalking',
  'escalating',
  'controlling_jealous',
  'weapon_used',
  'threat_to_kill',
  'strangulation',
  'others_threatened',
  'substance_mental_health',
  'prior_police_calls',
];

export type CaseKind = 'dv' | 'elder';

/** What each kind of case asks for (the verifier's expectations follow from these). */
export function caseBody(kind: CaseKind, i: number): Record<string, unknown> {
  const streets = ['xinqi', 'daqi', 'xiaogang', 'chaiqiao'];
  if (kind === 'dv') {
    return {
      channel: 'hotline_12338',
      category: 'domestic_violence',
      victim: { sex: 'female', age: 25 + (i % 30), street: streets[i % streets.length] },
      perpetrator: { relation: 'spouse' },
      needs: ['dv_protection', 'legal_aid'],
      risk: { yes: DASH_HIGH },
      consent: { police: true, court: true, legal_aid: true, shelter: true },
    };
  }
  return {
    channel: 'hotline_12338',
    category: 'elder_abuse',
    victim: { sex: 'female', age: 70 + (i % 20), street: streets[i % streets.length] },
    needs: ['elder_care', 'legal_aid'],
    risk: { yes: DASH_HIGH },
    consent: { elder_care: true, legal_aid: true },
  };
}

export interface AckedCase {
  id: string;
  kind: CaseKind;
  /** The fault phase during which the 201 arrived. */
  phase: string;
  ackedAt: number;
  attempts: number;
}

export interface LoadStats {
  sent: number;
  acked: number;
  /** Requests given up after retries (never acknowledged: not counted as lost). */
  unacknowledged: number;
  /** Same key answered with a different case id: a retried request opened a second case. */
  replayMismatch: number;
  statuses: Record<string, number>;
}

export class Load {
  readonly acked: AckedCase[] = [];
  readonly stats: LoadStats = { sent: 0, acked: 0, unacknowledged: 0, replayMismatch: 0, statuses: {} };
  phase = 'warm-up';
  private running = false;
  private loops: Promise<void>[] = [];
  private n = 0;
  private readonly token: string;

  constructor(
    private readonly intakeUrl: () => string,
    keys: KeyPair,
    private readonly o: {
      intervalMs: number;
      concurrency?: number;
      elderEvery?: number;
      maxCases?: number;
      retries?: number;
    },
  ) {
    this.token = mintToken(
      { sub: 'chaos-hotline', role: 'hotline_operator', dept: 'wf:district' },
      { privateKey: keys.privateKey, ttlSeconds: 4 * 3600 },
    );
  }

  start(): void {
    this.running = true;
    for (let c = 0; c < (this.o.concurrency ?? 1); c++) this.loops.push(this.loop());
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
    this.loops = [];
  }

  private async loop(): Promise<void> {
    while (this.running && (this.o.maxCases === undefined || this.n < this.o.maxCases)) {
      const t0 = Date.now();
      const i = this.n++;
      await this.openOne(i);
      await sleep(Math.max(0, this.o.intervalMs - (Date.now() - t0)));
    }
  }

  private count(status: string): void {
    this.stats.statuses[status] = (this.stats.statuses[status] ?? 0) + 1;
  }

  /** One case: POST, retried with the same Idempotency-Key on no answer, 5xx, 409 (in flight) or 429. */
  async openOne(i: number): Promise<AckedCase | undefined> {
    const every = this.o.elderEvery ?? 4;
    const kind: CaseKind = i % every === every - 1 ? 'elder' : 'dv';
    const key = randomUUID();
    const body = JSON.stringify(caseBody(kind, i));
    this.stats.sent++;
    let firstId: string | undefined;
    const tries = (this.o.retries ?? 5) + 1;
    for (let attempt = 1; attempt <= tries; attempt++) {
      let status = 'no-answer';
      try {
        const res = await fetch(`${this.intakeUrl()}/cases`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${this.token}`,
            'content-type': 'application/json',
            'idempotency-key': key,
          },
          body,
          signal: AbortSignal.timeout(10_000),
        });
        status = String(res.status);
        const text = await res.text();
        if (res.status === 201) {
          const id = (JSON.parse(text) as { id: string }).id;
          if (firstId && firstId !== id) this.stats.replayMismatch++;
          firstId ??= id;
          this.count(status);
          const acked: AckedCase = { id, kind, phase: this.phase, ackedAt: Date.now(), attempts: attempt };
          this.acked.push(acked);
          this.stats.acked++;
          return acked;
        }
        if (res.status < 500 && res.status !== 409 && res.status !== 429) {
          this.count(status);
          process.stderr.write(`[chaos] POST /cases → ${res.status}: ${text.slice(0, 300)}\n`);
          this.stats.unacknowledged++;
          return undefined;
        }
      } catch {
        // connection refused / reset / timed out: retry with the same key
      }
      this.count(status);
      await sleep(Math.min(500 * attempt, 3000));
    }
    this.stats.unacknowledged++;
    return undefined;
  }
}
