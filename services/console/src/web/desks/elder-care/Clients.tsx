import { Card, Select, Space, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../lib/api.ts';
import { useI18n } from '../../lib/i18n.tsx';
import { fmtTime } from '../../lib/time.ts';
import { Countdown } from '../../components/Countdown.tsx';
import { LEVEL_COLOR } from '../../components/RiskChecklist.tsx';
import { QueryView } from '../../components/States.tsx';
import { ClientActions, type Facility } from './ClientActions.tsx';

interface Client {
  id: string;
  caseId: string;
  channel: string;
  status: string;
  street: string | null;
  riskLevel: string;
  level: string | null;
  respiteDaysPerYear: number;
  assessBy: string;
  reassessBy: string | null;
  referredAt: string;
}

/** Elder-care work list (de-identified): the officer's streets, soonest assessment due first. */
export default function Clients() {
  const { t, l } = useI18n();
  const [status, setStatus] = useState<string | undefined>();
  const q = useQuery({
    queryKey: ['elder', 'clients', status],
    queryFn: () => api<{ items: Client[] }>('elder-care', '/clients', { query: { status } }),
    refetchInterval: 5000,
  });
  const facilities = useQuery({
    queryKey: ['elder', 'facilities'],
    queryFn: () => api<{ items: Facility[] }>('elder-care', '/facilities'),
    staleTime: 60_000,
  });
  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('养老服务对象', 'Elder-care clients')}
        </Typography.Title>
      }
    >
      <Space style={{ marginBottom: 16 }}>
        <Select
          allowClear
          placeholder={t('状态', 'Status')}
          style={{ width: 140 }}
          value={status}
          onChange={setStatus}
          options={[
            { value: 'referred', label: t('待评估', 'To assess') },
            { value: 'assessed', label: t('已评估', 'Assessed') },
          ]}
        />
      </Space>
      <QueryView q={q}>
        {(d) => (
          <Table<Client>
            rowKey="id"
            dataSource={d.items}
            pagination={{ pageSize: 20, showSizeChanger: true }}
            locale={{ emptyText: t('您负责的街道暂无服务对象。', 'No clients in your streets.') }}
            columns={[
              {
                title: t('转介时间', 'Referred'),
                dataIndex: 'referredAt',
                sorter: (a, b) => a.referredAt.localeCompare(b.referredAt),
                render: (v: string) => fmtTime(v),
              },
              { title: t('街道', 'Street'), dataIndex: 'street', render: (v: string | null) => l('street', v) },
              {
                title: t('风险', 'Risk'),
                dataIndex: 'riskLevel',
                render: (v: string) => <Tag color={LEVEL_COLOR[v]}>{l('riskLevel', v)}</Tag>,
              },
              {
                title: t('能力等级', 'Level'),
                dataIndex: 'level',
                render: (v: string | null) => (v ? l('capabilityLevel', v) : t('待评估', 'to assess')),
              },
              { title: t('喘息服务天数/年', 'Respite days/yr'), dataIndex: 'respiteDaysPerYear' },
              {
                title: t('评估时限', 'Assess by'),
                dataIndex: 'assessBy',
                sorter: (a, b) => a.assessBy.localeCompare(b.assessBy),
                render: (v: string, c) => (
                  <Countdown deadline={v} startedAt={c.referredAt} done={c.status !== 'referred'} />
                ),
              },
              { title: t('复评', 'Reassess by'), dataIndex: 'reassessBy', render: (v: string | null) => fmtTime(v) },
              {
                title: t('操作', 'Actions'),
                render: (_: unknown, c) => <ClientActions c={c} facilities={facilities.data?.items ?? []} />,
              },
            ]}
          />
        )}
      </QueryView>
    </Card>
  );
}
