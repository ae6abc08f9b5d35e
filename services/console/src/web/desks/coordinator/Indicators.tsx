import { Col, Row, Table, Tooltip } from 'antd';
import { useI18n } from '../../lib/i18n.tsx';
import { BarChartView } from './Chart.tsx';
import { ClockName } from '../../components/Names.tsx';
import type { ClockCompliance, Indicator, Indicators } from './oversight.ts';

const rate = (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)}%`);

/** The plan's indicators by full name (definition in a tooltip), with their values. */
export function IndicatorTable({ items }: { items: Indicator[] }) {
  const { t, lang } = useI18n();
  return (
    <Table<Indicator>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={items}
      data-testid="indicator-table"
      columns={[
        {
          title: t('指标', 'Indicator'),
          dataIndex: 'zh',
          render: (_: string, i) => (
            <Tooltip title={i.definition}>
              <span data-indicator={i.id}>{lang === 'zh' ? i.zh : i.en}</span>
            </Tooltip>
          ),
        },
        { title: t('数值', 'Value'), dataIndex: 'value', align: 'right', render: (v: number | null) => v ?? '—' },
      ]}
    />
  );
}

/** Each clock's on-time rate in the period. */
export function ComplianceTable({ items }: { items: ClockCompliance[] }) {
  const { t } = useI18n();
  return (
    <Table<ClockCompliance>
      rowKey="ruleId"
      size="small"
      pagination={false}
      dataSource={items}
      locale={{ emptyText: t('本期无时限记录', 'No clocks in this period') }}
      columns={[
        {
          title: t('时限', 'Clock'),
          dataIndex: 'ruleId',
          render: (v: string, c) => <ClockName ruleId={v} serverLabel={c.label} />,
        },
        { title: t('按时', 'On time'), dataIndex: 'metOnTime' },
        { title: t('超时', 'Late'), dataIndex: 'breached' },
        { title: t('按时率', 'Rate'), dataIndex: 'complianceRate', render: rate },
      ]}
    />
  );
}

/** The indicators as a chart (names wrap, never cut) and a table beside it, then the clocks' on-time rates. */
export function IndicatorsView({ data }: { data: Indicators }) {
  const { lang } = useI18n();
  const shown = data.indicators.filter((i) => i.value !== null);
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={12}>
        <BarChartView
          data={shown.map((i) => ({ name: lang === 'zh' ? i.zh : i.en, value: i.value ?? 0 }))}
          height={Math.max(360, shown.length * 36)}
          testId="chart-indicators"
        />
      </Col>
      <Col xs={24} lg={12}>
        <IndicatorTable items={data.indicators} />
      </Col>
      <Col span={24}>
        <ComplianceTable items={data.clockCompliance} />
      </Col>
    </Row>
  );
}
