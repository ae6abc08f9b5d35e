import { randomUUID } from 'node:crypto';
import { newEvent } from '../src/index.ts';

export function caseOpened(caseId: string = randomUUID()) {
  return newEvent('intake.case.opened.v1', {
    source: '/services/intake',
    subject: caseId,
    actor: { role: 'hotline_operator', dept: 'wf:district' },
    data: {
      caseId,
      caseNumber: 'BL-2026-000001',
      channel: 'hotline_12338',
      category: 'domestic_violence',
      street: 'xinqi',
      riskLevel: 'high',
      repeat: false,
      flags: { minor: false, elderly: false, disabled: false, pregnantOrBreastfeeding: false, seriouslyIll: false },
      needs: ['dv_protection'],
      openedAt: new Date().toISOString(),
    },
  });
}
