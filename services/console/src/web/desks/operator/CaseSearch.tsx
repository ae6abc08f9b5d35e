import { Card, Select, Space, Table, Tag, Typography, DatePicker } from 'antd';
import { useQuery, keepPreviousData } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import type { Dayjs } from 'dayjs';
import { api } from '../../lib/api.ts';
import { useI18n } from '../../lib/i18n.tsx';
import { fmtTime } from '../../lib/time.ts';
import { LEVEL_COLOR } from '../../components/RiskChecklist.tsx';
import { EmptyText, ErrorState } from '../../components/States.tsx';

export interface CaseSummary {
  id: string;
  caseNumber: string;
  channel: string;
  category: string;
  street: string | null;
  riskLevel: string;
  repeat: boolean;
  status: string;
  openedAt: string;
  version: number;
}

/** Cases of the user's department (de-identified list): paged and filtered by the service, sorted per page. */
export default function CaseSearch({ title }: { title?: string }) {
  const { t, l, opts } = useI18n();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [f, setF] = useState<{
    status?: string;
    riskLevel?: string;
    street?: string;
    category?: string;
    range?: [Dayjs, Dayjs] | null;
  }>({ status: 'open' });
  const q = useQuery({
    queryKey: ['intake', 'cases', page, pageSize, f],
    queryFn: () =>
      api<{ total: number; items: CaseSummary[] }>('intake', '/cases', {
        query: {
          page,
          pageSize,
          status: f.status,
          riskLevel: f.riskLevel,
          street: f.street,
          category: f.category,
          openedFrom: f.range?.[0]?.startOf('day').toISOString(),
          openedTo: f.range?.[1]?.endOf('day').toISOString(),
        },
      }),
    placeholderData: keepPreviousData,
    refetchInterval: 15_000,
  });
  const set = (patch: Partial<typeof f>) => {
    setF((x) => ({ ...x, ...patch }));
    setPage(1);
  };
  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          {title ?? t('案件查询', 'Case search')}
        </Typography.Title>
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          allowClear
          placeholder={t('状态', 'Status')}
          style={{ width: 120 }}
          value={f.status}
          onChange={(v) => set({ status: v })}
          options={opts('caseStatus')}
        />
        <Select
          allowClear
          placeholder={t('风险等级', 'Risk')}
          style={{ width: 120 }}
          value={f.riskLevel}
          onChange={(v) => set({ riskLevel: v })}
          options={opts('riskLevel')}
        />
        <Select
          allowClear
          placeholder={t('街道', 'Street')}
          style={{ width: 140 }}
          value={f.street}
          onChange={(v) => set({ street: v })}
          options={opts('street').filter((o) => !['district', 'beilun'].includes(o.value))}
        />
        <Select
          allowClear
          placeholder={t('类别', 'Category')}
          style={{ width: 160 }}
          value={f.category}
          onChange={(v) => set({ category: v })}
          options={opts('category')}
        />
        <DatePicker.RangePicker value={f.range ?? null} onChange={(r) => set({ range: r as [Dayjs, Dayjs] | null })} />
      </Space>
      {q.error && <ErrorState error={q.error} retry={() => q.refetch()} />}
      <Table<CaseSummary>
        rowKey="id"
        size="middle"
        loading={q.isFetching && !q.data}
        dataSource={q.data?.items ?? []}
        locale={{
          emptyText: (
            <EmptyText loaded={q.data !== undefined} failed={!!q.error}>
              {t(
                '没有符合条件的案件。调整筛选条件，或在“新建案件”中登记。',
                'No cases match. Change the filters, or open a case.',
              )}
            </EmptyText>
          ),
        }}
        pagination={{
          current: page,
          pageSize,
          total: q.data?.total ?? 0,
          showSizeChanger: true,
          onChange: (p, s) => {
            setPage(p);
            setPageSize(s);
          },
          showTotal: (n) => t(`共 ${n} 件`, `${n} cases`),
        }}
        columns={[
          {
            title: t('案件编号', 'Case number'),
            dataIndex: 'caseNumber',
            sorter: (a, b) => a.caseNumber.localeCompare(b.caseNumber),
            render: (v: string, r) => <Link to={`/cases/${r.id}`}>{v}</Link>,
          },
          {
            title: t('建立时间', 'Opened'),
            dataIndex: 'openedAt',
            defaultSortOrder: 'descend',
            sorter: (a, b) => a.openedAt.localeCompare(b.openedAt),
            render: (v: string) => fmtTime(v),
          },
          { title: t('类别', 'Category'), dataIndex: 'category', render: (v: string) => l('category', v) },
          { title: t('渠道', 'Channel'), dataIndex: 'channel', render: (v: string) => l('channel', v) },
          { title: t('街道', 'Street'), dataIndex: 'street', render: (v: string | null) => l('street', v) },
          {
            title: t('风险', 'Risk'),
            dataIndex: 'riskLevel',
            sorter: (a, b) =>
              ['standard', 'medium', 'high'].indexOf(a.riskLevel) - ['standard', 'medium', 'high'].indexOf(b.riskLevel),
            render: (v: string, r) => (
              <Space>
                <Tag color={LEVEL_COLOR[v]}>{l('riskLevel', v)}</Tag>
                {r.repeat && <Tag color="volcano">{t('重复', 'repeat')}</Tag>}
              </Space>
            ),
          },
          { title: t('状态', 'Status'), dataIndex: 'status', render: (v: string) => l('caseStatus', v) },
        ]}
      />
    </Card>
  );
}
