import {
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { dayjs, fmtTime } from '../../lib/time.ts';
import { api } from '../../lib/api.ts';
import { useI18n } from '../../lib/i18n.tsx';
import { ActionModal } from '../../components/ActionModal.tsx';
import { Countdown } from '../../components/Countdown.tsx';
import { ReferralQueue, type Referral } from '../../components/ReferralQueue.tsx';
import { ErrorState } from '../../components/States.tsx';

interface Visit {
  id: string;
  dueAt: string;
  status: string;
  outcome?: string | null;
  version?: number;
}
interface Letter {
  id: string;
  referralId: string;
  caseId: string;
  issuedAt: string;
  deliverBy: string;
  deliveries: Record<string, string>;
  visits: Visit[];
  version: number;
}

// The service has no "list warning letters" endpoint yet: the desk keeps the letters issued from this
// browser tab (ids and dates only, no personal data) so deliveries and visits can be recorded.
const STORE = 'linkage.police.letters';
const load = (): Letter[] => {
  try {
    return JSON.parse(sessionStorage.getItem(STORE) ?? '[]') as Letter[];
  } catch {
    return [];
  }
};

export default function PoliceQueue() {
  const { t, l, opts } = useI18n();
  const [letters, setLetters] = useState<Letter[]>(load);
  const keep = (x: Letter) =>
    setLetters((all) => {
      const next = [x, ...all.filter((a) => a.id !== x.id)];
      sessionStorage.setItem(STORE, JSON.stringify(next));
      return next;
    });
  const deliver = useMutation({
    mutationFn: ({ letter, recipient }: { letter: Letter; recipient: string }) =>
      api<Letter>('dv-referral', `/warning-letters/${letter.id}/deliveries`, {
        method: 'POST',
        body: { recipient, version: letter.version },
      }),
    onSuccess: keep,
  });
  const visit = useMutation({
    mutationFn: ({ v, outcome }: { letter: Letter; v: Visit; outcome: string }) =>
      api<Visit>('dv-referral', `/police-visits/${v.id}/record`, {
        method: 'POST',
        body: { outcome, version: v.version ?? 1 },
      }),
    onSuccess: (nv, { letter }) =>
      keep({ ...letter, visits: letter.visits.map((x) => (x.id === nv.id ? { ...x, ...nv } : x)) }),
  });

  const actions = (r: Referral) =>
    r.status === 'accepted' || r.status === 'in_progress' ? (
      <>
        <ActionModal
          label={t('出警记录', 'Call-out')}
          title={t('记录出警（反家暴法第15条）', 'Record a call-out (ADVL Art. 15)')}
          testId="callout"
          initialValues={{
            occurredAt: dayjs(),
            outcome: 'violence_stopped',
            evidenceCollected: true,
            medicalHelpArranged: false,
          }}
          submit={(
            v: {
              occurredAt: dayjs.Dayjs;
              outcome: string;
              evidenceCollected: boolean;
              medicalHelpArranged: boolean;
              notes?: string;
            },
            key,
          ) =>
            api('dv-referral', `/referrals/${r.id}/callouts`, {
              method: 'POST',
              idempotencyKey: key,
              body: {
                occurredAt: v.occurredAt.toISOString(),
                outcome: v.outcome,
                evidenceCollected: !!v.evidenceCollected,
                medicalHelpArranged: !!v.medicalHelpArranged,
                ...(v.notes ? { notes: v.notes } : {}),
              },
            })
          }
        >
          <Form.Item name="occurredAt" label={t('出警时间', 'When')} rules={[{ required: true }]}>
            <DatePicker showTime style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="outcome" label={t('处置结果', 'Outcome')} rules={[{ required: true }]}>
            <Select options={opts('calloutOutcome')} />
          </Form.Item>
          <Form.Item name="evidenceCollected" label={t('已收集证据', 'Evidence collected')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item
            name="medicalHelpArranged"
            label={t('已安排就医', 'Medical help arranged')}
            valuePropName="checked"
          >
            <Switch />
          </Form.Item>
          <Form.Item name="notes" label={t('备注', 'Notes')}>
            <Input.TextArea rows={2} maxLength={4000} />
          </Form.Item>
        </ActionModal>
        <ActionModal
          label={t('出具告诫书', 'Warning letter')}
          title={t('出具家庭暴力告诫书（第16条）', 'Issue a warning letter (告诫书, Art. 16)')}
          testId="warning-letter"
          buttonProps={{ type: 'primary', ghost: true }}
          submit={(v: { abuser: string; facts: string; prohibition: string }, key) =>
            api<Letter>('dv-referral', `/referrals/${r.id}/warning-letters`, {
              method: 'POST',
              idempotencyKey: key,
              body: v,
            })
          }
          onDone={(x) => keep(x as Letter)}
        >
          <Form.Item name="abuser" label={t('加害人', 'Abuser')} rules={[{ required: true }]}>
            <Input maxLength={200} data-testid="letter-abuser" />
          </Form.Item>
          <Form.Item name="facts" label={t('家庭暴力事实', 'Facts')} rules={[{ required: true }]}>
            <Input.TextArea rows={3} maxLength={4000} data-testid="letter-facts" />
          </Form.Item>
          <Form.Item
            name="prohibition"
            label={t('禁止事项', 'Prohibition')}
            rules={[{ required: true }]}
            initialValue="禁止再实施家庭暴力"
          >
            <Input.TextArea rows={2} maxLength={2000} data-testid="letter-prohibition" />
          </Form.Item>
        </ActionModal>
      </>
    ) : null;

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <ReferralQueue title={t('派出所工作队列', 'Police station queue')} actions={actions} />
      <Card
        title={
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('本班次出具的告诫书', 'Warning letters issued this session')}
          </Typography.Title>
        }
      >
        {(deliver.error || visit.error) && <ErrorState error={deliver.error ?? visit.error} />}
        <Table<Letter>
          rowKey="id"
          dataSource={letters}
          pagination={false}
          locale={{
            emptyText: t(
              '尚未出具告诫书。接收转介后，可在队列中“出具告诫书”。',
              'No letters yet. Accept a referral, then issue a warning letter from the queue.',
            ),
          }}
          expandable={{
            expandedRowRender: (x) => (
              <Table<Visit>
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={x.visits}
                columns={[
                  {
                    title: t('查访期限', 'Visit due'),
                    dataIndex: 'dueAt',
                    render: (v: string, vv) => <Countdown deadline={v} done={vv.status !== 'scheduled'} />,
                  },
                  {
                    title: t('状态', 'Status'),
                    dataIndex: 'status',
                    render: (v: string, vv) => `${v}${vv.outcome ? ' · ' + l('visitOutcome', vv.outcome) : ''}`,
                  },
                  {
                    title: t('记录查访', 'Record visit'),
                    render: (_: unknown, vv) =>
                      vv.status === 'scheduled' ? (
                        <Select
                          size="small"
                          style={{ width: 160 }}
                          placeholder={t('查访结果', 'Outcome')}
                          options={opts('visitOutcome')}
                          onChange={(o: string) => visit.mutate({ letter: x, v: vv, outcome: o })}
                        />
                      ) : null,
                  },
                ]}
              />
            ),
          }}
          columns={[
            {
              title: t('案件', 'Case'),
              dataIndex: 'caseId',
              render: (v: string) => <Typography.Text code>{v.slice(0, 8)}</Typography.Text>,
            },
            { title: t('出具时间', 'Issued'), dataIndex: 'issuedAt', render: (v: string) => fmtTime(v) },
            {
              title: t('送达时限', 'Deliver by'),
              dataIndex: 'deliverBy',
              render: (v: string, x) => (
                <Countdown
                  deadline={v}
                  startedAt={x.issuedAt}
                  done={['abuser', 'victim', 'committee'].every((k) => x.deliveries[k])}
                />
              ),
            },
            {
              title: t('送达', 'Deliveries'),
              render: (_: unknown, x) => (
                <Space wrap>
                  {(['abuser', 'victim', 'committee'] as const).map((k) =>
                    x.deliveries[k] ? (
                      <Tag color="green" key={k}>
                        {l('warningRecipient', k)} ✓
                      </Tag>
                    ) : (
                      <Button
                        key={k}
                        size="small"
                        onClick={() => deliver.mutate({ letter: x, recipient: k })}
                        data-testid={`deliver-${k}`}
                      >
                        {t('送达', 'Deliver to')} {l('warningRecipient', k)}
                      </Button>
                    ),
                  )}
                </Space>
              ),
            },
          ]}
        />
        <Descriptions size="small" style={{ marginTop: 8 }}>
          <Descriptions.Item label={t('说明', 'Note')}>
            {t(
              '告诫书应送达加害人、受害人，并通知居(村)委会（第17条）。',
              'Deliver to abuser and victim and notify the committee (Art. 17).',
            )}
          </Descriptions.Item>
        </Descriptions>
      </Card>
    </Space>
  );
}
