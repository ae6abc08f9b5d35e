// ADVL Art. 14 (强制报告): schools, kindergartens, medical institutions, residents'/villagers' committees, social
// work service agencies, relief-management institutions and welfare institutions that find a person with no or
// limited civil capacity (无民事行为能力人、限制民事行为能力人) suffering or suspected of suffering domestic violence
// must report it to the police. The report's consent exception reaches no further than that.
import { ValidationError } from '@linkage/service-kit';
import type { MandatoryReportBody } from './schemas.ts';
import { ageOf } from '../victim/validate.ts';

/** A ground that contradicts what the report says about the victim's age is refused (nothing is written). */
export function checkReportGround(body: Pick<MandatoryReportBody, 'capacity' | 'victim'>, now: Date): void {
  const age = body.victim ? ageOf(body.victim, now) : undefined;
  if (age === undefined) return;
  // Civil Code Art. 17: 18 and over is an adult; Art. 18: 16–17 living on their own labour income count as capable
  // adults (not knowable here)
  if (body.capacity === 'minor' && age >= 18) {
    throw new ValidationError(
      'not_a_mandatory_report',
      'ADVL Art. 14 covers minors and adults without full civil capacity; this person is an adult. A capable adult decides herself: open a case with her consent.',
      [{ path: '/body/capacity', message: 'an adult is not a minor' }],
    );
  }
  if (body.capacity !== 'minor' && age < 18) {
    throw new ValidationError('capacity_ground_mismatch', 'The person is a minor: report on the ground `minor`.', [
      { path: '/body/capacity', message: 'the person is a minor' },
    ]);
  }
}
