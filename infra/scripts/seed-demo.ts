// Demo data for `npm start`: DESIGN.md's canonical scenario walked through every department, and a
// few more cases — all through the public HTTP APIs with dev tokens (nothing written behind the
// services' backs). Every creating call carries an Idempotency-Key made of the run's name and its
// step, so running the seed again the same day replays the first answers instead of opening
// everything twice (keys are kept 24 h); SEED_RUN=<name> seeds another set.
import { loadOrCreateDevKeys, mintToken, type TokenClaims } from '@linkage/auth';

const URL_OF = {
  intake: process.env.INTAKE_URL ?? 'http://127.0.0.1:4101',
  dv: process.env.DV_URL ?? 'http://127.0.0.1:4102',
  legalAid: process.env.LEGAL_AID_URL ?? 'http://127.0.0.1:4103',
  elderCare: process.env.ELDER_CARE_URL ?? 'http://127.0.0.1:4104',
};
/** The run's name (today by default) and its day: the timestamps the seed sends, so a re-run's bodies are the same. */
const RUN = process.env.SEED_RUN ?? new Date().toISOString().slice(0, 10);
const DAY = new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00.000Z`);
let step = 0;
const { privateKey } = loadOrCreateDevKeys();
const token = (role: TokenClaims['role'], dept: string) =>
  mintToken({ sub: `demo-${role}`, role, dept }, { privateKey });
const T = {
  operator: token('hotline_operator', 'wf:district'),
  police: token('police_officer', 'police:xinqi'),
  clerk: token('court_clerk', 'court:beilun'),
  legalAid: token('legal_aid_officer', 'legal_aid:beilun'),
  shelter: token('shelter_officer', 'shelter:beilun'),
  health: token('health_worker', 'health:beilun'),
  counselling: token('health_worker', 'counselling:beilun'),
  elderCare: token('elder_care_officer', 'civil_affairs:district'),
  admin: token('admin', 'platform:ops'),
};

async function call<T = Record<string, unknown>>(
  base: string,
  method: string,
  path: string,
  bearer: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${bearer}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      // the steps run in a fixed order: the n-th POST of a run always has the same key
      ...(method === 'POST' ? { 'idempotency-key': `"demo-seed-${RUN}-${++step}"` } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${base}${path} → ${res.status}: ${text}`);
  return JSON.parse(text) as T;
}

async function poll<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const v = await probe();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`demo: gave up waiting for ${what}`);
}

const DASH_HIGH = [
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

// 1. The canonical scenario: a woman, 34, Xinqi street, beaten by her husband, threatened with death.
const c = await call<{ id: string; caseNumber: string }>(URL_OF.intake, 'POST', '/cases', T.operator, {
  channel: 'hotline_12338',
  category: 'domestic_violence',
  victim: { name: '演示对象', sex: 'female', age: 34, street: 'xinqi' },
  perpetrator: { relation: 'spouse' },
  needs: ['dv_protection', 'legal_aid'],
  risk: { yes: DASH_HIGH },
  consent: { police: true, court: true, legal_aid: true, shelter: true },
  narrative: '演示数据：丈夫殴打并威胁要杀死她',
});
console.error(`[seed] canonical case ${c.caseNumber} (${c.id})`);
const ref = await poll('the police referral', async () =>
  (await call<{ items: { id: string; caseId: string }[] }>(URL_OF.dv, 'GET', '/referrals', T.police)).items.find(
    (r) => r.caseId === c.id,
  ),
);
await call(URL_OF.dv, 'POST', `/referrals/${ref.id}/accept`, T.police, { version: 1 });
await call(URL_OF.dv, 'POST', `/referrals/${ref.id}/callouts`, T.police, {
  occurredAt: DAY.toISOString(),
  outcome: 'violence_stopped',
  evidenceCollected: true,
  medicalHelpArranged: true,
  notes: '演示',
});
const letter = await call<{ id: string; version: number }>(
  URL_OF.dv,
  'POST',
  `/referrals/${ref.id}/warning-letters`,
  T.police,
  { abuser: '演示', facts: '殴打并威胁', prohibition: '禁止再实施家庭暴力' },
);
let v = letter.version;
for (const recipient of ['abuser', 'victim', 'committee'])
  v = (
    await call<{ version: number }>(URL_OF.dv, 'POST', `/warning-letters/${letter.id}/deliveries`, T.police, {
      recipient,
      version: v,
    })
  ).version;
// high risk + consent to the court: dv-referral filed an urgent application on her behalf
const order = await poll('the protection-order application', async () =>
  (await call<{ items: { id: string; caseId: string }[] }>(URL_OF.dv, 'GET', '/protection-orders', T.clerk)).items.find(
    (o) => o.caseId === c.id,
  ),
);
const accepted = await call<{ version: number }>(URL_OF.dv, 'POST', `/protection-orders/${order.id}/accept`, T.clerk, {
  version: 1,
});
const issued = await call<{ version: number }>(URL_OF.dv, 'POST', `/protection-orders/${order.id}/issue`, T.clerk, {
  version: accepted.version,
  validUntil: new Date(DAY.getTime() + 180 * 86_400_000).toISOString(),
});
let ov = issued.version;
for (const party of ['applicant', 'respondent', 'police', 'committee'])
  ov = (
    await call<{ version: number }>(URL_OF.dv, 'POST', `/protection-orders/${order.id}/serve`, T.clerk, {
      party,
      version: ov,
    })
  ).version;
await call(URL_OF.legalAid, 'POST', '/lawyers', T.legalAid, {
  name: '演示律师',
  organisation: '北仑区法律援助中心',
  gender: 'female',
  practiceAreas: ['dv_protection_order', 'divorce'],
  maxCases: 20,
});
const app = await poll('the legal aid application', async () =>
  (
    await call<{ items: { id: string; caseId: string | null; version: number; status: string }[] }>(
      URL_OF.legalAid,
      'GET',
      '/applications',
      T.legalAid,
    )
  ).items.find((a) => a.caseId === c.id),
);
if (app.status === 'received') {
  await call(URL_OF.legalAid, 'POST', `/applications/${app.id}/approve`, T.legalAid, { version: app.version });
  await call(URL_OF.legalAid, 'POST', `/applications/${app.id}/assignment`, T.legalAid, {});
} else step += 2; // a re-run: approved and assigned the first time (its version moved on); the later keys stay the same
console.error(
  '[seed]   police accepted, call-out, warning letter delivered; urgent protection order issued and served; legal aid approved, lawyer assigned',
);

// 2. More cases, left open for the departments to work on.
const more = [
  {
    channel: 'walk_in',
    category: 'domestic_violence',
    victim: { sex: 'female', age: 41, street: 'daqi' },
    needs: ['dv_protection'],
    risk: { yes: ['very_frightened', 'escalating'] },
    consent: { police: true },
  },
  {
    channel: 'hotline_12338',
    category: 'elder_abuse',
    victim: { sex: 'female', age: 78, street: 'chaiqiao' },
    needs: ['elder_care', 'legal_aid'],
    consent: { elder_care: true, legal_aid: true },
  },
  {
    channel: 'online',
    category: 'marriage_family_dispute',
    victim: { sex: 'female', age: 29, street: 'xiaogang' },
    needs: ['mediation', 'legal_aid'],
    consent: { legal_aid: true },
  },
];
for (const body of more) {
  const o = await call<{ id: string; caseNumber: string; riskLevel: string }>(
    URL_OF.intake,
    'POST',
    '/cases',
    T.operator,
    body,
  );
  console.error(
    `[seed] opened ${o.caseNumber} (${o.id}) risk=${o.riskLevel} category=${body.category} street=${body.victim.street}`,
  );
}
// 3. The other desks' work (appended after the steps above, so their Idempotency-Keys stay the same on a re-run).
// Shelter: a shelter with beds; the canonical case's shelter offer (high risk, consent to the shelter) accepted and she
// is placed and checked in.
const shelter = await call<{ id: string }>(URL_OF.dv, 'POST', '/shelters', T.admin, {
  dept: 'shelter:beilun',
  label: '演示反家暴庇护所',
  street: 'xinqi',
  capacity: 12,
});
const offer = await poll('the shelter offer', async () =>
  (
    await call<{ items: { id: string; caseId: string; department: string }[] }>(
      URL_OF.dv,
      'GET',
      '/referrals',
      T.shelter,
    )
  ).items.find((r) => r.caseId === c.id && r.department === 'shelter'),
);
await call(URL_OF.dv, 'POST', `/referrals/${offer.id}/accept`, T.shelter, { version: 1 });
const placed = await call<{ id: string; version: number }>(
  URL_OF.dv,
  'POST',
  `/shelters/${shelter.id}/placements`,
  T.shelter,
  { caseId: c.id, referralId: offer.id },
);
await call(URL_OF.dv, 'POST', `/placements/${placed.id}/check-in`, T.shelter, { version: placed.version });
// Health: the police ask for an injury assessment (伤情鉴定) of the canonical case; the hospital records the result.
const inj = await call<{ id: string; version: number }>(URL_OF.dv, 'POST', '/injury-assessments', T.police, {
  caseId: c.id,
  healthDept: 'health:beilun',
});
await call(URL_OF.dv, 'POST', `/injury-assessments/${inj.id}/complete`, T.health, {
  grade: 'minor',
  resultRef: `DEMO-${RUN}-1`,
  findings: '演示：面部软组织挫伤',
  version: inj.version,
});
// Counselling: a case asking for psychological support; counselling accepts and holds a first session. A second stays
// in the queue.
for (const [i, street] of (['xinqi', 'xiapu'] as const).entries()) {
  const o = await call<{ id: string; caseNumber: string }>(URL_OF.intake, 'POST', '/cases', T.operator, {
    channel: 'hotline_12338',
    category: 'domestic_violence',
    victim: { sex: 'female', age: 37 + i, street },
    needs: ['dv_protection', 'psychological_support'],
    risk: { yes: ['very_frightened'] },
    consent: { police: true },
  });
  console.error(`[seed] opened ${o.caseNumber} (${o.id}) asking for psychological support, street=${street}`);
  if (i > 0) continue;
  const cr = await poll('the counselling referral', async () =>
    (
      await call<{ items: { id: string; caseId: string; department: string }[] }>(
        URL_OF.dv,
        'GET',
        '/referrals',
        T.counselling,
      )
    ).items.find((r) => r.caseId === o.id && r.department === 'counselling'),
  );
  await call(URL_OF.dv, 'POST', `/referrals/${cr.id}/accept`, T.counselling, { version: 1 });
  await call(URL_OF.dv, 'POST', `/referrals/${cr.id}/sessions`, T.counselling, {
    // the start of the run's day (08:00 Beijing), never ahead of now: DAY + 2 h was in the future from 00:00 to
    // 02:00 UTC, and the seed of a new cluster failed there (400 held_in_future)
    heldAt: DAY.toISOString(),
    durationMinutes: 50,
    notes: '演示：首次咨询',
  });
}
console.error('[seed]   shelter placement checked in; injury assessment recorded; counselling session held');
// Elder care: a respite provider and an institution; a direct referral assessed (GB/T 42195-2022 item scores),
// with a respite stay, a home visit and an institution bed. The elder-abuse case above arrives by referral, to assess.
const respite = await call<{ id: string }>(URL_OF.elderCare, 'POST', '/facilities', T.admin, {
  kind: 'respite_provider',
  name: '演示喘息服务中心',
  street: 'chaiqiao',
  capacity: 6,
});
const home = await call<{ id: string }>(URL_OF.elderCare, 'POST', '/facilities', T.admin, {
  kind: 'institution',
  name: '演示养老院',
  street: 'daqi',
  capacity: 40,
});
const client = await call<{ id: string; caseId: string }>(URL_OF.elderCare, 'POST', '/clients', T.elderCare, {
  person: { name: '演示老人', birthYear: 1941 },
  street: 'daqi',
  livingSituation: 'alone',
  caregiver: { relation: 'child', strain: 'severe' },
  hardship: ['low_income'],
});
const ITEMS = {
  eating: 2,
  grooming: 1,
  bathing: 0,
  dressing_upper: 1,
  dressing_lower: 1,
  bladder_control: 2,
  bowel_control: 2,
  toileting: 1,
  bed_mobility: 2,
  transfer: 1,
  walking: 1,
  stairs: 0,
  time_orientation: 2,
  space_orientation: 2,
  person_orientation: 3,
  memory: 2,
  understanding: 3,
  expression: 3,
  aggression: 1,
  depression: 0,
  consciousness: 2,
  vision: 1,
  hearing: 1,
  daily_affairs: 1,
  going_out_by_transport: 0,
  social_interaction: 2,
};
const assessed = await call<{ level: string; respiteDaysPerYear: number }>(
  URL_OF.elderCare,
  'POST',
  `/clients/${client.id}/assessments`,
  T.elderCare,
  { items: ITEMS },
);
const date = (days: number) => new Date(DAY.getTime() + days * 86_400_000).toISOString().slice(0, 10);
await call(URL_OF.elderCare, 'POST', `/clients/${client.id}/respite-bookings`, T.elderCare, {
  facilityId: respite.id,
  startDate: date(7),
  endDate: date(9),
});
await call(URL_OF.elderCare, 'POST', `/clients/${client.id}/home-visits`, T.elderCare, {
  serviceType: 'personal_care',
  dueAt: new Date(DAY.getTime() + 2 * 86_400_000 + 2 * 3_600_000).toISOString(),
});
await call(URL_OF.elderCare, 'POST', `/clients/${client.id}/placements`, T.elderCare, { facilityId: home.id });
console.error(
  `[seed] elder-care client ${client.caseId} assessed ${assessed.level} (${assessed.respiteDaysPerYear} respite days/yr): respite booked, home visit scheduled, institution bed requested`,
);
console.error(
  `[seed] timeline: curl -s localhost:4105/cases/${c.id}/timeline -H "authorization: Bearer $(npm run -s token -- --role coordinator --dept wcw:district)"`,
);
