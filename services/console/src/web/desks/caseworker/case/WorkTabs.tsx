import { Card, Form, Input, List, Table } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api.ts';
import { useI18n } from '../../../lib/i18n.tsx';
import { fmtTime } from '../../../lib/time.ts';
import { ActionModal } from '../../../components/ActionModal.tsx';
import { Countdown } from '../../../components/Countdown.tsx';
import type { Referral } from '../../../components/ReferralQueue.tsx';
import { QueryView } from '../../../components/States.tsx';
import { DeptName } from '../../../components/Names.tsx';
import type { Note } from './types.ts';

/** The DV referrals sent for this case, with each one's acceptance countdown. */
export function ReferralsTab({ caseId }: { caseId: string }) {
  const { t, l } = useI18n();
  const refs = useQuery({
    queryKey: ['dv', 'case-referrals', caseId],
    queryFn: () => api<{ items: Referral[] }>('dv-referral', `/cases/${caseId}/referrals`),
    refetchInterval: 10_000,
  });
  return (
    <QueryView q={refs}>
      {(d) => (
        <Table<Referral>
          rowKey="id"
          size="small"
          dataSource={d.items}
          locale={{ emptyText: t('本案尚无转介', 'No referrals on this case') }}
          columns={[
            { title: t('部门', 'Department'), dataIndex: 'assignedDept', render: (v: string) => <DeptName code={v} /> },
            {
              title: t('状态', 'Status'),
              dataIndex: 'status',
              render: (v: string, r) =>
                `${l('referralStatus', v)}${r.reasonCode ? ' · ' + l('declineReason', r.reasonCode) : ''}`,
            },
            {
              title: t('受理时限', 'Accept by'),
              dataIndex: 'acceptBy',
              render: (v: string, r) => (
                <Countdown deadline={v} startedAt={r.createdAt} done={r.status !== 'requested'} />
              ),
            },
          ]}
        />
      )}
    </QueryView>
  );
}

/** The case's work notes (stored encrypted), newest first, and a form to add one. */
export function NotesTab({ caseId }: { caseId: string }) {
  const { t, l, dept } = useI18n();
  const notes = useQuery({
    queryKey: ['intake', 'notes', caseId],
    queryFn: () => api<{ items: Note[] }>('intake', `/cases/${caseId}/notes`),
  });
  return (
    <Card
      size="small"
      extra={
        <ActionModal
          label={t('添加记录', 'Add a note')}
          title={t('添加工作记录（加密保存）', 'Add a note (encrypted)')}
          invalidate={[['intake', 'notes', caseId]]}
          submit={(v: Record<string, unknown>, k) =>
            api('intake', `/cases/${caseId}/notes`, { method: 'POST', body: v, idempotencyKey: k })
          }
        >
          <Form.Item name="text" rules={[{ required: true }]}>
            <Input.TextArea rows={4} maxLength={5000} />
          </Form.Item>
        </ActionModal>
      }
    >
      <QueryView q={notes}>
        {(d) => (
          <List
            dataSource={d.items}
            locale={{ emptyText: t('暂无记录', 'No notes yet') }}
            renderItem={(n) => (
              <List.Item>
                <List.Item.Meta
                  title={`${fmtTime(n.createdAt)} · ${l('role', n.authorRole)} · ${dept(n.authorDept)}`}
                  description={n.text}
                />
              </List.Item>
            )}
          />
        )}
      </QueryView>
    </Card>
  );
}
