// Demo data for `npm start`: the canonical scenario and a few more cases, through the public
// HTTP API with dev tokens (nothing is written behind the services' backs). Idempotent enough for
// a demo: each run adds new cases.
import { loadOrCreateDevKeys, mintToken } from '@linkage/auth';

const INTAKE = process.env.INTAKE_URL ?? 'http://127.0.0.1:4101';
const { privateKey } = loadOrCreateDevKeys();
const operator = mintToken({ sub: 'demo-operator', role: 'hotline_operator', dept: 'wf:district' }, { privateKey });

const DASH_HIGH = [
  'current_injury', 'very_frightened', 'afraid_of_outcome', 'isolated', 'separation', 'stalking', 'escalating',
  'controlling_jealous', 'weapon_used', 'threat_to_kill', 'strangulation', 'others_threatened', 'substance_mental_health', 'prior_police_calls',
];

const cases = [
  {
    // The canonical scenario: a woman, 34, Xinqi street, beaten by her husband, threatened with death.
    channel: 'hotline_12338',
    category: 'domestic_violence',
    victim: { sex: 'female', age: 34, street: 'xinqi' },
    needs: ['dv_protection', 'legal_aid'],
    risk: { yes: DASH_HIGH },
    consent: { police: true, court: true, legal_aid: true, shelter: true },
  },
  { channel: 'walk_in', category: 'domestic_violence', victim: { sex: 'female', age: 41, street: 'daqi' }, needs: ['dv_protection'], risk: { yes: ['very_frightened', 'escalating'] }, consent: { police: true } },
  { channel: 'hotline_12338', category: 'elder_abuse', victim: { sex: 'female', age: 78, street: 'chaiqiao' }, needs: ['elder_care', 'legal_aid'], consent: { elder_care: true, legal_aid: true } },
  { channel: 'online', category: 'marriage_family_dispute', victim: { sex: 'female', age: 29, street: 'xiaogang' }, needs: ['mediation', 'legal_aid'], consent: { legal_aid: true } },
];

for (const c of cases) {
  const res = await fetch(`${INTAKE}/cases`, {
    method: 'POST',
    headers: { authorization: `Bearer ${operator}`, 'content-type': 'application/json' },
    body: JSON.stringify(c),
  });
  const body = (await res.json()) as { caseNumber?: string; id?: string; riskLevel?: string; detail?: string };
  if (res.status !== 201) {
    console.error(`[seed] could not open a demo case (${res.status}): ${body.detail ?? JSON.stringify(body)}`);
    process.exitCode = 1;
    continue;
  }
  console.error(`[seed] opened ${body.caseNumber} (${body.id}) risk=${body.riskLevel} category=${c.category} street=${c.victim.street}`);
}
