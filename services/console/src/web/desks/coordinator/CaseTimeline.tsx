import { Card, Descriptions, Space, Table, Tag, Timeline, Tooltip, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { api } from '../../lib/api.ts';
import { useI18n } from '../../lib/i18n.tsx';
import { fmtTime } from '../../lib/time.ts';
import { Countdown } from '../../components/Countdown.tsx';
import { QueryView } from '../../components/States.tsx';
import { ClockName, DeptName } from '../../components/Names.tsx';

export interface TimelineData {
  caseId: string;
  entries: {
    eventId: string;
    type: string;
    occurredAt: string;
    source: string;
    actor: { role: string; dept: string };
    summary: string;
    clocks: { clockId: string; ruleId: string; effect: string; state: string }[];
  }[];
  clocks: {
    clockId: string;
    ruleId: string;
    label: string;
    state: string;
    severity: string;
    dept: string | null;
    startedAt: string | null;
    deadline: string | null;
    completedAt: string | null;
  }[];
}
const STATE_COLOR: Record<string, string> = {
  pending: 'blue',
  at_risk: 'orange',
  met: 'green',
  breached: 'red',
  cancelled: 'default',
};

/** The de-identified end-to-end timeline of one case, with every clock's state. */
export function CaseTimelineView({ caseId }: { caseId: string }) {
  const { t, l, dept, clock } = useI18n();
  const q = useQuery({
    queryKey: ['timeline', caseId],
    queryFn: () => api<TimelineData>('case-timeline', `/cases/${caseId}/timeline`),
    refetchInterval: 5000,
  });
  return (
    <QueryView q={q}>
      {(d) => (
        <Space direction="vertical" size="large" style={{ width: '100%' }}>
          <Card title={t('各部门时限', 'Clocks')}>
            <Table
              rowKey="clockId"
              size="small"
              pagination={false}
              dataSource={d.clocks}
              data-testid="clock-table"
              locale={{ emptyText: t('尚无时限', 'No clocks yet') }}
              columns={[
                {
                  title: t('时限', 'Clock'),
                  dataIndex: 'ruleId',
                  render: (v: string, c) => <ClockName ruleId={v} serverLabel={c.label} />,
                },
                {
                  title: t('部门', 'Department'),
                  dataIndex: 'dept',
                  render: (v: string | null) => <DeptName code={v} />,
                },
                {
                  title: t('状态', 'State'),
                  dataIndex: 'state',
                  render: (v: string, c) => (
                    <Tag color={STATE_COLOR[v]} data-clock-state={v} data-rule={c.ruleId}>
                      {l('clockState', v)}
                    </Tag>
                  ),
                },
                { title: t('开始', 'Started'), dataIndex: 'startedAt', render: (v: string | null) => fmtTime(v) },
                {
                  title: t('期限', 'Deadline'),
                  dataIndex: 'deadline',
                  render: (v: string | null, c) =>
                    c.state === 'pending' || c.state === 'at_risk' || c.state === 'breached' ? (
                      <Countdown deadline={v} startedAt={c.startedAt} />
                    ) : (
                      fmtTime(v)
                    ),
                },
                { title: t('完成', 'Completed'), dataIndex: 'completedAt', render: (v: string | null) => fmtTime(v) },
              ]}
            />
          </Card>
          <Card title={t('全流程时间线（去标识化）', 'End-to-end timeline (de-identified)')}>
            <Timeline
              data-testid="timeline"
              items={d.entries.map((e) => ({
                color: e.clocks.some((c) => c.state === 'breached')
                  ? 'red'
                  : e.source.includes('intake')
                    ? 'blue'
                    : 'green',
                children: (
                  <div data-type={e.type} className="timeline-entry">
                    <Typography.Text strong>{e.summary}</Typography.Text>
                    <br />
                    <Typography.Text type="secondary">
                      {fmtTime(e.occurredAt, true)} · {l('role', e.actor.role)} · {dept(e.actor.dept)}
                    </Typography.Text>
                    {e.clocks.length > 0 && (
                      <div>
                        {e.clocks.map((c) => (
                          <Tooltip key={c.clockId + c.effect} title={c.ruleId}>
                            <Tag color={STATE_COLOR[c.state]} data-rule={c.ruleId}>
                              {c.effect === 'started' ? t('开始计时', 'starts') : t('停止计时', 'stops')}{' '}
                              {clock(c.ruleId)}
                            </Tag>
                          </Tooltip>
                        ))}
                      </div>
                    )}
                  </div>
                ),
              }))}
            />
          </Card>
        </Space>
      )}
    </QueryView>
  );
}

export default function CaseTimeline() {
  const { t } = useI18n();
  const { caseId = '' } = useParams();
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Descriptions title={t('案件全流程', 'Case end to end')} size="small">
        <Descriptions.Item label={t('案件ID', 'Case id')}>
          <Typography.Text code copyable>
            {caseId}
          </Typography.Text>
        </Descriptions.Item>
      </Descriptions>
      <CaseTimelineView caseId={caseId} />
    </Space>
  );
}
