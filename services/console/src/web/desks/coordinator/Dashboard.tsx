import { Button, Card, Col, DatePicker, Input, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import type { Dayjs } from 'dayjs';
import { api } from '../../lib/api.ts';
import { useI18n } from '../../lib/i18n.tsx';
import { beijingToday, dayjs, fmtTime } from '../../lib/time.ts';
import { Countdown } from '../../components/Countdown.tsx';
import { QueryView } from '../../components/States.tsx';
import { BarChartView } from './Chart.tsx';

interface OpenCases {
  byStage: { stage: string; label: string; cases: number }[];
  byDepartment: { dept: string; cases: number }[];
}
interface ClockItem {
  clockId: string;
  ruleId: string;
  label: string;
  caseId: string;
  caseNumber: string | null;
  dept: string | null;
  street: string | null;
  severity: string;
  state: string;
  deadline: string | null;
  overdueHours: number | null;
}
interface Indicators {
  indicators: { id: string; zh: string; en: string; definition: string; value: number | null }[];
  clockCompliance: {
    ruleId: string;
    label: string;
    metOnTime: number;
    breached: number;
    open: number;
    complianceRate: number | null;
  }[];
}
interface ResponseTimes {
  items: {
    ruleId: string;
    dept: string | null;
    count: number;
    medianHours: number | null;
    p90Hours: number | null;
    metOnTime: number;
    late: number;
  }[];
}

const STREETS = [
  'xinqi',
  'daqi',
  'xiaogang',
  'xiapu',
  'chaiqiao',
  'qijiashan',
  'chunxiao',
  'meishan',
  'baifeng',
  'guoju',
  'daxie',
];

export default function Dashboard() {
  const { t, l, dept, lang, opts } = useI18n();
  const [street, setStreet] = useState<string | undefined>();
  const [clockF, setClockF] = useState<{ state?: string; dept?: string; severity?: string }>({});
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs(beijingToday(-29)), dayjs(beijingToday())]);
  const from = range[0].format('YYYY-MM-DD');
  const to = range[1].format('YYYY-MM-DD');
  const open = useQuery({
    queryKey: ['oversight', 'open', street],
    queryFn: () => api<OpenCases>('case-timeline', '/oversight/open-cases', { query: { street } }),
    refetchInterval: 10_000,
  });
  const clocks = useQuery({
    queryKey: ['oversight', 'clocks', street, clockF],
    queryFn: () => api<{ items: ClockItem[] }>('case-timeline', '/oversight/clocks', { query: { street, ...clockF } }),
    refetchInterval: 5000,
  });
  const ind = useQuery({
    queryKey: ['oversight', 'indicators', from, to, street],
    queryFn: () => api<Indicators>('case-timeline', '/oversight/indicators', { query: { from, to, street } }),
  });
  const rt = useQuery({
    queryKey: ['oversight', 'rt', from, to],
    queryFn: () => api<ResponseTimes>('case-timeline', '/oversight/response-times', { query: { from, to } }),
  });
  const csvHref = `/api/case-timeline/oversight/indicators?${new URLSearchParams({ from, to, format: 'csv', ...(street ? { street } : {}) })}`;
  const totalOpen = open.data?.byStage.reduce((n, s) => n + s.cases, 0) ?? 0;
  const breached = clocks.data?.items.filter((c) => c.state === 'breached').length ?? 0;
  const atRisk = clocks.data?.items.filter((c) => c.state === 'at_risk').length ?? 0;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('联动总览', 'Coordination dashboard')}
        </Typography.Title>
        <Space wrap>
          <Select
            allowClear
            placeholder={t('全部街道', 'All streets')}
            style={{ width: 150 }}
            value={street}
            onChange={setStreet}
            options={STREETS.map((s) => ({ value: s, label: l('street', s) }))}
          />
          <DatePicker.RangePicker
            allowClear={false}
            value={range}
            onChange={(r) => r && r[0] && r[1] && setRange([r[0], r[1]])}
          />
          <Input.Search
            placeholder={t('按案件ID打开时间线', 'Open a timeline by case id')}
            style={{ width: 300 }}
            onSearch={(id) => id && (window.location.href = `/oversight/cases/${id.trim()}`)}
          />
        </Space>
      </Space>
      <Row gutter={16}>
        <Col span={6}>
          <Card>
            <Statistic title={t('在办案件', 'Open cases')} value={totalOpen} />
          </Card>
        </Col>
        <Col span={6}>
          <Card>
            <Statistic title={t('即将超时', 'At risk')} value={atRisk} valueStyle={{ color: '#fa8c16' }} />
          </Card>
        </Col>
        <Col span={6}>
          <Card>
            <Statistic title={t('已超时', 'Breached')} value={breached} valueStyle={{ color: '#f5222d' }} />
          </Card>
        </Col>
        <Col span={6}>
          <Card>
            <Statistic title={t('统计区间', 'Period')} value={`${from} ~ ${to}`} valueStyle={{ fontSize: 16 }} />
          </Card>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card title={t('在办案件：按阶段', 'Open cases by stage')}>
            <QueryView
              q={open}
              empty={(d) =>
                d.byStage.length ? null : (
                  <Typography.Text type="secondary">{t('暂无在办案件', 'No open cases')}</Typography.Text>
                )
              }
            >
              {(d) => (
                <BarChartView
                  data={d.byStage.map((s) => ({ name: lang === 'zh' ? s.label : s.stage, value: s.cases }))}
                  height={200}
                  testId="chart-stage"
                />
              )}
            </QueryView>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('在办案件：按部门', 'Open cases by department')}>
            <QueryView
              q={open}
              empty={(d) =>
                d.byDepartment.length ? null : (
                  <Typography.Text type="secondary">{t('暂无部门参与', 'No departments involved yet')}</Typography.Text>
                )
              }
            >
              {(d) => (
                <BarChartView
                  data={d.byDepartment.map((s) => ({ name: dept(s.dept), value: s.cases }))}
                  height={200}
                  color="#1677ff"
                />
              )}
            </QueryView>
          </Card>
        </Col>
      </Row>
      <Card
        title={t('需关注的时限（即将超时/已超时）', 'Clocks needing attention')}
        extra={
          <Space wrap>
            <Select
              allowClear
              placeholder={t('状态', 'State')}
              style={{ width: 120 }}
              value={clockF.state}
              onChange={(v) => setClockF((f) => ({ ...f, state: v }))}
              options={[
                { value: 'at_risk', label: l('clockState', 'at_risk') },
                { value: 'breached', label: l('clockState', 'breached') },
              ]}
            />
            <Select
              allowClear
              placeholder={t('严重程度', 'Severity')}
              style={{ width: 120 }}
              value={clockF.severity}
              onChange={(v) => setClockF((f) => ({ ...f, severity: v }))}
              options={opts('severity')}
            />
            <Input
              allowClear
              placeholder={t('部门代码，如 police:xinqi', 'Dept, e.g. police:xinqi')}
              style={{ width: 220 }}
              onChange={(e) => setClockF((f) => ({ ...f, dept: e.target.value || undefined }))}
            />
          </Space>
        }
      >
        <QueryView q={clocks}>
          {(d) => (
            <Table<ClockItem>
              rowKey="clockId"
              size="small"
              dataSource={d.items}
              pagination={{ pageSize: 10, showSizeChanger: true }}
              locale={{ emptyText: t('没有即将超时或已超时的时限。', 'Nothing at risk or overdue.') }}
              columns={[
                {
                  title: t('案件', 'Case'),
                  dataIndex: 'caseNumber',
                  render: (v: string | null, c) => (
                    <Link to={`/oversight/cases/${c.caseId}`}>{v ?? c.caseId.slice(0, 8)}</Link>
                  ),
                },
                { title: t('时限', 'Clock'), dataIndex: 'label' },
                { title: t('部门', 'Department'), dataIndex: 'dept', render: (v: string | null) => dept(v) },
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
          )}
        </QueryView>
      </Card>
      <Card
        title={t('规划指标', 'Plan indicators')}
        extra={
          <Button href={csvHref} download data-testid="csv-download">
            {t('下载 CSV', 'Download CSV')}
          </Button>
        }
      >
        <QueryView q={ind}>
          {(d) => (
            <Row gutter={16}>
              <Col xs={24} lg={14}>
                <BarChartView
                  data={d.indicators
                    .filter((i) => i.value !== null)
                    .map((i) => ({ name: lang === 'zh' ? i.zh : i.en, value: i.value ?? 0 }))}
                  height={360}
                  testId="chart-indicators"
                />
              </Col>
              <Col xs={24} lg={10}>
                <Table
                  rowKey="ruleId"
                  size="small"
                  pagination={false}
                  dataSource={d.clockCompliance}
                  locale={{ emptyText: t('本期无时限记录', 'No clocks in this period') }}
                  columns={[
                    { title: t('时限', 'Clock'), dataIndex: 'label' },
                    { title: t('按时', 'On time'), dataIndex: 'metOnTime' },
                    { title: t('超时', 'Late'), dataIndex: 'breached' },
                    {
                      title: t('按时率', 'Rate'),
                      dataIndex: 'complianceRate',
                      render: (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)}%`),
                    },
                  ]}
                />
              </Col>
            </Row>
          )}
        </QueryView>
      </Card>
      <Card title={t('响应时间（小时）', 'Response times (hours)')}>
        <QueryView q={rt}>
          {(d) => (
            <Table
              rowKey={(r) => `${r.ruleId}-${r.dept}`}
              size="small"
              dataSource={d.items}
              pagination={{ pageSize: 10 }}
              locale={{ emptyText: t('本期无已完成的时限', 'No completed clocks in this period') }}
              columns={[
                { title: t('时限', 'Clock'), dataIndex: 'ruleId' },
                { title: t('部门', 'Department'), dataIndex: 'dept', render: (v: string | null) => dept(v) },
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
          )}
        </QueryView>
      </Card>
      <Typography.Text type="secondary">
        {t(
          `数据时间：${fmtTime(new Date().toISOString())}（北京时间）`,
          `As of ${fmtTime(new Date().toISOString())} (Beijing time)`,
        )}
      </Typography.Text>
    </Space>
  );
}
