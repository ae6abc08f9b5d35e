import { Table } from 'antd';
import { useI18n } from '../../lib/i18n.tsx';
import { ClockName, DeptName } from '../../components/Names.tsx';
import type { ResponseTime } from './oversight.ts';

/** Per clock and department: how many, median and 90th-percentile hours, on time and late. */
export function ResponseTimesTable({ items }: { items: ResponseTime[] }) {
  const { t } = useI18n();
  return (
    <Table<ResponseTime>
      rowKey={(r) => `${r.ruleId}-${r.dept}`}
      size="small"
      dataSource={items}
      pagination={{ pageSize: 10 }}
      locale={{ emptyText: t('本期无已完成的时限', 'No completed clocks in this period') }}
      columns={[
        { title: t('时限', 'Clock'), dataIndex: 'ruleId', render: (v: string) => <ClockName ruleId={v} /> },
        { title: t('部门', 'Department'), dataIndex: 'dept', render: (v: string | null) => <DeptName code={v} /> },
        { title: t('件数', 'Count'), dataIndex: 'count', sorter: (a, b) => a.count - b.count },
        {
          title: t('中位数', 'Median'),
          dataIndex: 'medianHours',
          sorter: (a, b) => (a.medianHours ?? 0) - (b.medianHours ?? 0),
        },
        { title: 'P90', dataIndex: 'p90Hours' },
        { title: t('按时', 'On time'), dataIndex: 'metOnTime' },
        { title: t('超时', 'Late'), dataIndex: 'late' },
      ]}
    />
  );
}
