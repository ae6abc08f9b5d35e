import { Button, Card, Col, DatePicker, Input, Row, Select, Space, Statistic, Typography } from 'antd';
import { useState } from 'react';
import type { Dayjs } from 'dayjs';
import { useI18n } from '../../lib/i18n.tsx';
import { STREETS } from '../../lib/departments.ts';
import { STAGE_LABELS } from '../../lib/labels-clocks.ts';
import { beijingToday, dayjs, fmtTime } from '../../lib/time.ts';
import { QueryView } from '../../components/States.tsx';
import { AttentionFilters, AttentionTable } from './AttentionClocks.tsx';
import { BarChartView } from './Chart.tsx';
import { IndicatorsView } from './Indicators.tsx';
import { ResponseTimesTable } from './ResponseTimes.tsx';
import { useOversight, type ClockFilter, type OpenCases } from './oversight.ts';

/** `undefined`: not known (its data did not load) — shown as —, never as 0 (0 breached would hide a breach). */
function Stat({ title, value, color }: { title: string; value: number | string | undefined; color?: string }) {
  return (
    <Col span={6}>
      <Card>
        <Statistic
          title={title}
          value={value ?? '—'}
          valueStyle={
            typeof value === 'string' ? { fontSize: 16 } : color && value !== undefined ? { color } : undefined
          }
        />
      </Card>
    </Col>
  );
}

/** Open cases by stage and by department, as two bar charts. */
function OpenCasesCharts({ q }: { q: ReturnType<typeof useOversight>['open'] }) {
  const { t, l, dept } = useI18n();
  const none = (text: string) => <Typography.Text type="secondary">{text}</Typography.Text>;
  return (
    <Row gutter={16}>
      <Col xs={24} lg={12}>
        <Card title={t('在办案件：按阶段', 'Open cases by stage')}>
          <QueryView<OpenCases>
            q={q}
            empty={(d) => (d.byStage.length ? null : none(t('暂无在办案件', 'No open cases')))}
          >
            {(d) => (
              <BarChartView
                data={d.byStage.map((s) => ({
                  name: STAGE_LABELS[s.stage] ? l('caseStage', s.stage) : s.label,
                  value: s.cases,
                }))}
                height={200}
                testId="chart-stage"
              />
            )}
          </QueryView>
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card title={t('在办案件：按部门', 'Open cases by department')}>
          <QueryView<OpenCases>
            q={q}
            empty={(d) => (d.byDepartment.length ? null : none(t('暂无部门参与', 'No departments involved yet')))}
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
  );
}

export default function Dashboard() {
  const { t, l } = useI18n();
  const [street, setStreet] = useState<string | undefined>();
  const [clockF, setClockF] = useState<ClockFilter>({});
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs(beijingToday(-29)), dayjs(beijingToday())]);
  const from = range[0].format('YYYY-MM-DD');
  const to = range[1].format('YYYY-MM-DD');
  const { open, clocks, ind, rt } = useOversight({ street, clockF, from, to });
  const csvHref = `/api/case-timeline/oversight/indicators?${new URLSearchParams({ from, to, format: 'csv', ...(street ? { street } : {}) })}`;
  const totalOpen = open.data?.byStage.reduce((n, s) => n + s.cases, 0);
  const breached = clocks.data?.items.filter((c) => c.state === 'breached').length;
  const atRisk = clocks.data?.items.filter((c) => c.state === 'at_risk').length;
  const seenDepts = [
    ...(open.data?.byDepartment.map((d) => d.dept) ?? []),
    ...(clocks.data?.items.map((c) => c.dept) ?? []),
  ];
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
        <Stat title={t('在办案件', 'Open cases')} value={totalOpen} />
        <Stat title={t('即将超时', 'At risk')} value={atRisk} color="#fa8c16" />
        <Stat title={t('已超时', 'Breached')} value={breached} color="#f5222d" />
        <Stat title={t('统计区间', 'Period')} value={`${from} ~ ${to}`} />
      </Row>
      <OpenCasesCharts q={open} />
      <Card
        title={t('需关注的时限（即将超时/已超时）', 'Clocks needing attention')}
        extra={<AttentionFilters value={clockF} onChange={setClockF} seenDepts={seenDepts} />}
      >
        <QueryView q={clocks}>{(d) => <AttentionTable items={d.items} />}</QueryView>
      </Card>
      <Card
        title={t('规划指标', 'Plan indicators')}
        extra={
          <Button href={csvHref} download data-testid="csv-download">
            {t('下载 CSV', 'Download CSV')}
          </Button>
        }
      >
        <QueryView q={ind}>{(d) => <IndicatorsView data={d} />}</QueryView>
      </Card>
      <Card title={t('响应时间（小时）', 'Response times (hours)')}>
        <QueryView q={rt}>{(d) => <ResponseTimesTable items={d.items} />}</QueryView>
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
