import { Card, DatePicker, Form, Select, Space, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../lib/api.ts';
import { useI18n } from '../../lib/i18n.tsx';
import { dayjs, fmtDate, fmtTime } from '../../lib/time.ts';
import { ActionModal } from '../../components/ActionModal.tsx';
import { Countdown } from '../../components/Countdown.tsx';
import { QUEUE_REFRESH_MS } from '../../components/ReferralQueue.tsx';
import { ErrorState } from '../../components/States.tsx';
import { rowData } from '../../lib/row-data.ts';

interface Order {
  id: string;
  caseId: string;
  courtDept: string;
  applicant: string;
  measures: string[];
  urgent: boolean;
  status: string;
  appliedAt: string;
  acceptedAt: string | null;
  ruleBy: string | null;
  ruledAt: string | null;
  validUntil: string | null;
  reconsiderBy: string | null;
  /** pending while the court reconsiders the ruling (ADVL Art. 31), then upheld / revoked / changed */
  reconsideration: string | null;
  reconsiderationDecideBy?: string | null;
  reasonCode: string | null;
  served: Record<string, string>;
  version: number;
}
const PARTIES = ['applicant', 'respondent', 'police', 'committee'] as const;
const KEY = [['dv', 'orders']];
const ORDER_RANK: Record<string, number> = { applied: 0, accepted: 1, issued: 2, rejected: 3, expired: 4, revoked: 5 };

export default function Orders() {
  const { t, l, opts } = useI18n();
  const q = useQuery({
    queryKey: ['dv', 'orders'],
    queryFn: () => api<{ items: Order[] }>('dv-referral', '/protection-orders'),
    refetchInterval: QUEUE_REFRESH_MS,
  });
  const [status, setStatus] = useState<string | undefined>();
  const cmd = (o: Order, path: string, body: Record<string, unknown> = {}, key?: string) =>
    api<Order>('dv-referral', `/protection-orders/${o.id}/${path}`, {
      method: 'POST',
      body: { version: o.version, ...body },
      ...(key ? { idempotencyKey: key } : {}),
    });
  const items = (q.data?.items ?? [])
    .filter((o) => !status || o.status === status)
    .sort(
      (a, b) =>
        (ORDER_RANK[a.status] ?? 9) - (ORDER_RANK[b.status] ?? 9) ||
        Number(b.urgent) - Number(a.urgent) ||
        b.appliedAt.localeCompare(a.appliedAt),
    );
  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('人身安全保护令', 'Protection orders')}
        </Typography.Title>
      }
      extra={
        <Typography.Text type="secondary">
          {t('紧急申请24小时内裁定，一般72小时（第28条）', 'Urgent: rule within 24 h, else 72 h (Art. 28)')}
        </Typography.Text>
      }
    >
      <Space style={{ marginBottom: 16 }}>
        <Select
          allowClear
          placeholder={t('状态', 'Status')}
          style={{ width: 140 }}
          value={status}
          onChange={setStatus}
          options={opts('orderStatus')}
        />
      </Space>
      {q.error && <ErrorState error={q.error} retry={() => q.refetch()} />}
      <Table<Order>
        rowKey="id"
        loading={q.isPending}
        dataSource={items}
        pagination={{ pageSize: 20, showSizeChanger: true }}
        onRow={(o) => rowData({ 'data-case': o.caseId })}
        locale={{
          emptyText: t(
            '本院暂无保护令申请。新申请会自动出现。',
            'No applications for this court. New ones appear automatically.',
          ),
        }}
        columns={[
          {
            title: t('案件', 'Case'),
            dataIndex: 'caseId',
            render: (v: string) => <Typography.Text code>{v.slice(0, 8)}</Typography.Text>,
          },
          {
            title: t('申请时间', 'Applied'),
            dataIndex: 'appliedAt',
            sorter: (a, b) => a.appliedAt.localeCompare(b.appliedAt),
            render: (v: string) => fmtTime(v),
          },
          { title: t('申请人', 'Applicant'), dataIndex: 'applicant', render: (v: string) => l('applicant', v) },
          {
            title: t('紧急', 'Urgent'),
            dataIndex: 'urgent',
            render: (v: boolean) => (v ? <Tag color="red">{t('紧急', 'urgent')}</Tag> : '—'),
          },
          {
            title: t('措施', 'Measures'),
            dataIndex: 'measures',
            render: (v: string[]) => v.map((m) => <Tag key={m}>{l('measure', m)}</Tag>),
          },
          {
            title: t('状态', 'Status'),
            dataIndex: 'status',
            render: (v: string) => <span data-testid="order-status">{l('orderStatus', v)}</span>,
          },
          {
            title: t('裁定时限', 'Rule by'),
            dataIndex: 'ruleBy',
            render: (v: string | null, o) => <Countdown deadline={v} startedAt={o.acceptedAt} done={!!o.ruledAt} />,
          },
          { title: t('有效期至', 'Valid until'), dataIndex: 'validUntil', render: (v: string | null) => fmtDate(v) },
          {
            title: t('送达', 'Served'),
            render: (_: unknown, o) =>
              o.status === 'issued' ? (
                <Space size={2} wrap>
                  {PARTIES.map((p) =>
                    o.served[p] ? (
                      <Tag color="green" key={p}>
                        {l('serviceParty', p)} ✓
                      </Tag>
                    ) : (
                      <Tag key={p}>{l('serviceParty', p)}</Tag>
                    ),
                  )}
                </Space>
              ) : (
                '—'
              ),
          },
          {
            title: t('操作', 'Actions'),
            render: (_: unknown, o) => (
              <Space wrap>
                {o.status === 'applied' && (
                  <ActionModal
                    label={t('受理', 'Accept')}
                    title={t('受理申请（开始裁定计时）', 'Accept (the ruling clock starts)')}
                    testId="order-accept"
                    buttonProps={{ type: 'primary' }}
                    invalidate={KEY}
                    submit={(_v, k) => cmd(o, 'accept', {}, k)}
                  >
                    <Typography.Paragraph>
                      {o.urgent
                        ? t('紧急申请：24小时内作出裁定。', 'Urgent: rule within 24 h.')
                        : t('72小时内作出裁定。', 'Rule within 72 h.')}
                    </Typography.Paragraph>
                  </ActionModal>
                )}
                {o.status === 'accepted' && (
                  <>
                    <ActionModal
                      label={t('签发保护令', 'Issue order')}
                      title={t('作出人身安全保护令（有效期不超过6个月）', 'Issue the order (at most 6 months)')}
                      testId="order-issue"
                      buttonProps={{ type: 'primary' }}
                      invalidate={KEY}
                      initialValues={{ validUntil: dayjs().add(6, 'month').subtract(1, 'day'), measures: o.measures }}
                      submit={(v: { validUntil: dayjs.Dayjs; measures: string[] }, k) =>
                        cmd(
                          o,
                          'issue',
                          { validUntil: v.validUntil.endOf('day').toISOString(), measures: v.measures },
                          k,
                        )
                      }
                    >
                      <Form.Item name="validUntil" label={t('有效期至', 'Valid until')} rules={[{ required: true }]}>
                        <DatePicker
                          style={{ width: '100%' }}
                          disabledDate={(d) => d.isBefore(dayjs(), 'day') || d.isAfter(dayjs().add(6, 'month'))}
                        />
                      </Form.Item>
                      <Form.Item name="measures" label={t('措施', 'Measures')} rules={[{ required: true }]}>
                        <Select mode="multiple" options={opts('measure')} />
                      </Form.Item>
                    </ActionModal>
                    <ActionModal
                      label={t('驳回', 'Reject')}
                      title={t('驳回申请', 'Reject the application')}
                      buttonProps={{ danger: true }}
                      invalidate={KEY}
                      submit={(v: { reasonCode: string }, k) => cmd(o, 'reject', v, k)}
                    >
                      <Form.Item name="reasonCode" label={t('理由', 'Reason')} rules={[{ required: true }]}>
                        <Select options={opts('rejectReason')} />
                      </Form.Item>
                    </ActionModal>
                  </>
                )}
                {o.status === 'issued' && PARTIES.some((p) => !o.served[p]) && (
                  <ActionModal
                    label={t('记录送达', 'Record service')}
                    title={t('送达（第32条）', 'Service (Art. 32)')}
                    testId="order-serve"
                    invalidate={KEY}
                    initialValues={{ party: PARTIES.find((p) => !o.served[p]) }}
                    submit={(v: { party: string }, k) => cmd(o, 'serve', v, k)}
                  >
                    <Form.Item name="party" label={t('送达对象', 'Party')} rules={[{ required: true }]}>
                      <Select
                        options={opts('serviceParty').filter((p) => !o.served[p.value])}
                        data-testid="serve-party"
                      />
                    </Form.Item>
                  </ActionModal>
                )}
                {o.status === 'issued' && (
                  <>
                    <ActionModal
                      label={t('延长', 'Extend')}
                      title={t('延长保护令', 'Extend the order')}
                      invalidate={KEY}
                      submit={(v: { validUntil: dayjs.Dayjs }, k) =>
                        cmd(o, 'extend', { validUntil: v.validUntil.endOf('day').toISOString() }, k)
                      }
                    >
                      <Form.Item name="validUntil" label={t('新的有效期至', 'New end')} rules={[{ required: true }]}>
                        <DatePicker style={{ width: '100%' }} />
                      </Form.Item>
                    </ActionModal>
                    <ActionModal
                      label={t('撤销', 'Revoke')}
                      title={t('撤销保护令', 'Revoke the order')}
                      buttonProps={{ danger: true }}
                      invalidate={KEY}
                      submit={(_v, k) => cmd(o, 'revoke', {}, k)}
                    >
                      <Typography.Paragraph>{t('确认撤销此保护令？', 'Revoke this order?')}</Typography.Paragraph>
                    </ActionModal>
                  </>
                )}
                {o.status === 'issued' && (
                  <ActionModal
                    label={t('变更措施', 'Change measures')}
                    title={t('变更保护令措施', 'Change the measures')}
                    invalidate={KEY}
                    initialValues={{ measures: o.measures }}
                    submit={(v: { measures: string[] }, k) => cmd(o, 'change', v, k)}
                  >
                    <Form.Item name="measures" label={t('措施', 'Measures')} rules={[{ required: true }]}>
                      <Select mode="multiple" options={opts('measure')} />
                    </Form.Item>
                  </ActionModal>
                )}
                {(o.status === 'issued' || o.status === 'rejected') &&
                  !o.reconsideration &&
                  o.reconsiderBy &&
                  dayjs().isBefore(o.reconsiderBy) && (
                    <ActionModal
                      label={t('申请复议', 'Reconsideration')}
                      title={t(
                        '记录复议申请（裁定后5日内，第31条）',
                        'Record a reconsideration request (within 5 days, Art. 31)',
                      )}
                      invalidate={KEY}
                      initialValues={{ requestedBy: o.status === 'rejected' ? 'applicant' : 'respondent' }}
                      submit={(v: { requestedBy: string }, k) => cmd(o, 'reconsideration', v, k)}
                    >
                      <Form.Item
                        name="requestedBy"
                        label={t('申请复议方', 'Requested by')}
                        rules={[{ required: true }]}
                      >
                        <Select
                          options={opts('serviceParty').filter(
                            (p) => p.value === 'applicant' || p.value === 'respondent',
                          )}
                        />
                      </Form.Item>
                    </ActionModal>
                  )}
                {o.reconsideration === 'pending' && (
                  <ActionModal
                    label={t('复议决定', 'Decide reconsideration')}
                    title={t(
                      '复议决定（复议期间保护令不停止执行）',
                      'Reconsideration decision (the order stays in force meanwhile)',
                    )}
                    buttonProps={{ type: 'primary' }}
                    invalidate={KEY}
                    initialValues={{ outcome: 'upheld', measures: o.measures }}
                    submit={(v: { outcome: string; measures?: string[] }, k) =>
                      cmd(
                        o,
                        'reconsideration/decision',
                        { outcome: v.outcome, ...(v.outcome === 'changed' ? { measures: v.measures } : {}) },
                        k,
                      )
                    }
                  >
                    <Form.Item name="outcome" label={t('决定', 'Outcome')} rules={[{ required: true }]}>
                      <Select
                        options={opts('reconsiderationOutcome').filter(
                          (x) => o.status === 'issued' || x.value !== 'changed',
                        )}
                      />
                    </Form.Item>
                    <Form.Item
                      noStyle
                      shouldUpdate={(a: { outcome?: string }, b: { outcome?: string }) => a.outcome !== b.outcome}
                    >
                      {({ getFieldValue }) =>
                        getFieldValue('outcome') === 'changed' ? (
                          <Form.Item
                            name="measures"
                            label={t('变更后的措施', 'Measures as changed')}
                            rules={[{ required: true }]}
                          >
                            <Select mode="multiple" options={opts('measure')} />
                          </Form.Item>
                        ) : null
                      }
                    </Form.Item>
                  </ActionModal>
                )}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}
