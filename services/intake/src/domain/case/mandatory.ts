// ADVL Art. 14 (强制报告): schools, kindergartens, medical institutions, residents'/villagers' committees, social
// work service agencies, relief-management institutions and welfare institutions that find a person with no or
// limited civil capacity (无民事行为能力人、限制民事行为能力人) suffering or suspected of suffering domestic violence
// must report it to the police. The report's consent exception reaches no further than that.
import { ValidationError } from '@linkage/domain';
import type { MandatoryReportBody, OpenCaseBody } from './schemas.ts';

export type CapacityGround = MandatoryReportBody['capacity'];

/**
 * A ground that contradicts what the report says about the victim's age is refused (nothing is written).
 * `age` is the best age the report gives (undefined: nothing to contradict).
 */
export function reportGroundError(capacity: CapacityGround, age: number | undefined): ValidationError | undefined {
  if (age === undefined) return undefined;
  // Civil Code Art. 17: 18 and over is an adult; Art. 18: 16–17 living on their own labour income count as capable
  // adults (not knowable here)
  if (capacity === 'minor' && age >= 18) {
    return new ValidationError(
      'not_a_mandatory_report',
      'ADVL Art. 14 covers minors and adults without full civil capacity; this person is an adult. A capable adult decides herself: open a case with her consent.',
      [{ path: '/body/capacity', message: 'an adult is not a minor' }],
    );
  }
  if (capacity !== 'minor' && age < 18) {
    return new ValidationError('capacity_ground_mismatch', 'The person is a minor: report on the ground `minor`.', [
      { path: '/body/capacity', message: 'the person is a minor' },
    ]);
  }
  return undefined;
}

/** The case a mandatory report opens: channel `mandatory_report`, a DV protection need, a minor flagged as such. */
export function reportedCase(body: MandatoryReportBody): OpenCaseBody {
  const protection = { ...(body.victim?.protection ?? {}) };
  if (body.capacity === 'minor') protection.minor = true;
  return {
    channel: 'mandatory_report',
    category: body.category ?? 'domestic_violence',
    needs: ['dv_protection'],
    ...(body.victim || Object.keys(protection).length > 0 ? { victim: { ...(body.victim ?? {}), protection } } : {}),
    ...(body.perpetrator ? { perpetrator: body.perpetrator } : {}),
    ...(body.incident ? { incident: body.incident } : {}),
    ...(body.narrative !== undefined ? { narrative: body.narrative } : {}),
  };
}
