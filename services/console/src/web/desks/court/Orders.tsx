import { Card, Select, Space, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../lib/api.ts';
import { useI18n } from '../../lib/i18n.tsx';
import { fmtDate, fmtTime } from '../../lib/time.ts';
import { Countdown } from '../../components/Countdown.tsx';
import { QUEUE_REFRESH_MS } from '../../components/ReferralQueue.tsx';
import { EmptyText, ErrorState } from '../../components/States.tsx';
import { rowData } from '../../lib/row-data.ts';
import { OrderActions } from './OrderActions.tsx';
import { PARTIES, type Order } from './order.ts';

const ORDER_RANK: Record<string, number> = { applied: 0, accepted: 1, issued: 2, rejected: 3, expired: 4, revoked: 5 };

export default function Orders() {
  const { t, l, opts } = useI18n();
  const q = useQuery({
    queryKey: ['dv', 'orders'],
    queryFn: () => api<{ items: Order[] }>('dv-referral', '/protection-orders'),
    refetchInterval: QUEUE_REFRESH_MS,
  });
  const [status, setStatus] = useState<string | undefined>();
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
          emptyText: (
            <EmptyText loaded={q.data !== undefined} failed={!!q.error}>
              {t(
                '本院暂无保护令申请。新申请会自动出现。',
                'No applications for this court. New ones appear automatically.',
              )}
            </EmptyText>
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
          { title: t('操作', 'Actions'), render: (_: unknown, o) => <OrderActions o={o} /> },
        ]}
      />
    </Card>
  );
}
