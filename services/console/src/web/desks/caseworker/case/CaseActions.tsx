import { Form, Input, Select, Space } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../../lib/api.ts';
import { useI18n } from '../../../lib/i18n.tsx';
import type { Checklist } from '../../../lib/risk.ts';
import { ActionModal } from '../../../components/ActionModal.tsx';
import { RiskChecklist } from '../../../components/RiskChecklist.tsx';

function Rescreen({ caseId, invalidate }: { caseId: string; invalidate: unknown[][] }) {
  const { t } = useI18n();
  const checklist = useQuery({
    queryKey: ['intake', 'risk-checklist'],
    queryFn: () => api<Checklist>('intake', '/risk-checklist'),
  });
  const [yes, setYes] = useState<string[]>([]);
  return (
    <ActionModal
      label={t('重新评估风险', 'Re-screen risk')}
      title={t('重新评估风险', 'Re-screen risk')}
      invalidate={invalidate}
      submit={(_v, k) =>
        api('intake', `/cases/${caseId}/risk-assessments`, { method: 'POST', body: { yes }, idempotencyKey: k })
      }
    >
      {checklist.data && <RiskChecklist checklist={checklist.data} value={yes} onChange={setYes} />}
    </ActionModal>
  );
}

/** The caseworker's case commands: re-screen, and close or reopen. */
export function CaseActions({
  caseId,
  status,
  invalidate,
}: {
  caseId: string;
  status: string;
  invalidate: unknown[][];
}) {
  const { t, opts } = useI18n();
  return (
    <Space>
      <Rescreen caseId={caseId} invalidate={invalidate} />
      {status === 'open' ? (
        <ActionModal
          label={t('结案', 'Close')}
          title={t('结案', 'Close the case')}
          invalidate={invalidate}
          submit={(v: Record<string, unknown>, k) =>
            api('intake', `/cases/${caseId}/close`, { method: 'POST', body: v, idempotencyKey: k })
          }
        >
          <Form.Item name="reason" label={t('原因', 'Reason')} rules={[{ required: true }]}>
            <Select options={opts('closeReason')} />
          </Form.Item>
          <Form.Item name="note" label={t('说明', 'Note')}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
        </ActionModal>
      ) : (
        <ActionModal
          label={t('重新开启', 'Reopen')}
          title={t('重新开启案件', 'Reopen the case')}
          invalidate={invalidate}
          submit={(v: Record<string, unknown>, k) =>
            api('intake', `/cases/${caseId}/reopen`, { method: 'POST', body: v, idempotencyKey: k })
          }
        >
          <Form.Item name="reason" label={t('原因', 'Reason')} rules={[{ required: true }]}>
            <Select options={opts('reopenReason')} />
          </Form.Item>
        </ActionModal>
      )}
    </Space>
  );
}
