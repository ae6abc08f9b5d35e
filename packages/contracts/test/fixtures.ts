/** Events for the contract tests, valid as they are: mutate copies to make them invalid. */
export const caseId = '0190f0f0-0000-7000-8000-00000000abcd';
export const flags = {
  minor: false,
  elderly: false,
  disabled: false,
  pregnantOrBreastfeeding: false,
  seriouslyIll: false,
};

export const envelope = (type: string, data: Record<string, unknown>) => ({
  specversion: '1.0',
  id: '0190f0f0-0000-7000-8000-000000000001',
  source: '/services/intake',
  type,
  subject: caseId,
  time: '2026-11-28T10:00:00.000Z',
  datacontenttype: 'application/json',
  correlationid: '0190f0f0-0000-7000-8000-000000000001',
  actor: 'hotline_operator@wf:district',
  data,
});

export const opened = () =>
  envelope('intake.case.opened.v1', {
    caseId,
    caseNumber: 'BL-2026-000123',
    channel: 'hotline_12338',
    category: 'domestic_violence',
    street: 'xinqi',
    riskLevel: 'high',
    repeat: false,
    flags,
    needs: ['dv_protection', 'legal_aid'],
    openedAt: '2026-11-28T10:00:00.000Z',
  });
