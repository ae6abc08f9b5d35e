import { Select, Space, Table, Tag } from 'antd';
import { Link } from 'react-router';
import { useI18n } from '../../lib/i18n.tsx';
import { departmentOptions } from '../../lib/departments.ts';
import { Countdown } from '../../components/Countdown.tsx';
import { ClockName, DeptName } from '../../components/Names.tsx';
import type { ClockFilter, ClockItem } from './oversight.ts';

/** The attention list's filters: state, severity and department (chosen by name, sent as its code). */
export function AttentionFilters({
  value,
  onChange,
  seenDepts = [],
}: {
  value: ClockFilter;
  onChange: (f: ClockFilter) => void;
  /** departments in the data (added to the list if it does not name them) */
  seenDepts?: readonly (string | null)[];
}) {
  const { t, l, lang, opts } = useI18n();
  return (
    <Space wrap>
      <Select
        allowClear
        placeholder={t('状态', 'State')}
        style={{ width: 120 }}
        value={value.state}
        onChange={(v?: string) => onChange({ ...value, state: v })}
        options={[
          { value: 'at_risk', label: l('clockState', 'at_risk') },
          { value: 'breached', label: l('clockState', 'breached') },
        ]}
      />
      <Select
        allowClear
        placeholder={t('严重程度', 'Severity')}
        style={{ width: 120 }}
        value={value.severity}
        onChange={(v?: string) => onChange({ ...value, severity: v })}
        options={opts('severity')}
      />
      <Select
        allowClear
        showSearch
        optionFilterProp="label"
        placeholder={t('全部部门', 'All departments')}
        style={{ width: 220 }}
        value={value.dept}
        onChange={(v?: string) => onChange({ ...value, dept: v })}
        options={departmentOptions(lang, seenDepts)}
        data-testid="attention-dept"
      />
    </Space>
  );
}

/** Clocks at risk or breached now, with a live countdown. */
export function AttentionTable({ items }: { items: ClockItem[] }) {
  const { t, l } = useI18n();
  return (
    <Table<ClockItem>
      rowKey="clockId"
      size="small"
      dataSource={items}
      pagination={{ pageSize: 10, showSizeChanger: true }}
      locale={{ emptyText: t('没有即将超时或已超时的时限。', 'Nothing at risk or overdue.') }}
      columns={[
        {
          title: t('案件', 'Case'),
          dataIndex: 'caseNumber',
          render: (v: string | null, c) => <Link to={`/oversight/cases/${c.caseId}`}>{v ?? c.caseId.slice(0, 8)}</Link>,
        },
        {
          title: t('时限', 'Clock'),
          dataIndex: 'ruleId',
          render: (v: string, c) => <ClockName ruleId={v} serverLabel={c.label} />,
        },
        { title: t('部门', 'Department'), dataIndex: 'dept', render: (v: string | null) => <DeptName code={v} /> },
        { title: t('街道', 'Street'), dataIndex: 'street', render: (v: string | null) => l('street', v) },
        { title: t('严重程度', 'Severity'), dataIndex: 'severity', render: (v: string) => l('severity', v) },
        {
          title: t('状态', 'State'),
          dataIndex: 'state',
          render: (v: string) => <Tag color={v === 'breached' ? 'red' : 'orange'}>{l('clockState', v)}</Tag>,
        },
        {
          title: t('期限', 'Deadline'),
          dataIndex: 'deadline',
          sorter: (a, b) => (a.deadline ?? '').localeCompare(b.deadline ?? ''),
          render: (v: string | null) => <Countdown deadline={v} />,
        },
      ]}
    />
  );
}
