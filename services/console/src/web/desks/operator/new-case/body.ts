import type { Dayjs } from 'dayjs';
import type { RiskLevel } from '../../../lib/risk.ts';

/** The departments the operator asks her consent for, one by one. */
export const CONSENT_DEPTS = ['police', 'court', 'legal_aid', 'shelter', 'health', 'elder_care'] as const;

export type FormValues = {
  channel: string;
  category: string;
  caller?: {
    anonymous?: boolean;
    relation?: string;
    name?: string;
    phone?: string;
    safeToCallBack?: boolean;
    safeTime?: string;
  };
  victim?: {
    name?: string;
    sex?: string;
    age?: number;
    phone?: string;
    address?: string;
    street?: string;
    protection?: string[];
  };
  perpetrator?: { relation?: string; name?: string };
  incident?: { occurredAt?: Dayjs; place?: string; violenceTypes?: string[]; description?: string };
  needs: string[];
  consent?: Record<string, 'yes' | 'no' | 'unasked'>;
  wishes?: string;
  narrative?: string;
};

const clean = (o: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(o).filter(
      ([, v]) => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0),
    ),
  );

/** The form's values as intake's OpenCaseBody. */
export function toOpenCaseBody(v: FormValues, yes: string[], judgement: RiskLevel | null, judgementReason: string) {
  const caller = v.caller?.relation
    ? clean({
        anonymous: !!v.caller.anonymous,
        relation: v.caller.relation,
        name: v.caller.name,
        phone: v.caller.phone,
        safeToCallBack: !!v.caller.safeToCallBack,
        safeTime: v.caller.safeTime,
      })
    : undefined;
  const protection = v.victim?.protection?.length
    ? Object.fromEntries(v.victim.protection.map((p) => [p, true]))
    : undefined;
  const victim = v.victim
    ? clean({
        name: v.victim.name,
        sex: v.victim.sex,
        age: v.victim.age,
        phone: v.victim.phone,
        address: v.victim.address,
        street: v.victim.street,
        protection,
      })
    : undefined;
  const incident = v.incident
    ? clean({
        occurredAt: v.incident.occurredAt?.toISOString(),
        place: v.incident.place,
        street: v.victim?.street,
        description: v.incident.description,
      })
    : undefined;
  const consent = Object.fromEntries(
    Object.entries(v.consent ?? {})
      .filter(([, c]) => c !== 'unasked')
      .map(([d, c]) => [d, c === 'yes']),
  );
  return clean({
    channel: v.channel,
    category: v.category,
    caller,
    victim: victim && Object.keys(victim).length ? victim : undefined,
    perpetrator: v.perpetrator?.relation
      ? clean({ relation: v.perpetrator.relation, name: v.perpetrator.name })
      : undefined,
    incident: incident ? { ...incident, violenceTypes: v.incident?.violenceTypes ?? [] } : undefined,
    needs: v.needs ?? [],
    risk: { yes, ...(judgement ? { judgement, judgementReason: judgementReason || undefined } : {}) },
    consent: Object.keys(consent).length ? consent : undefined,
    wishes: v.wishes,
    narrative: v.narrative,
  });
}
