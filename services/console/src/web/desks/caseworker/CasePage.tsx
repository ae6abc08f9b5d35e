import { Card, Descriptions, Space, Tabs, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useOutletContext, useParams } from 'react-router';
import { api } from '../../lib/api.ts';
import { useI18n } from '../../lib/i18n.tsx';
import { fmtTime } from '../../lib/time.ts';
import type { User } from '../../lib/session.ts';
import { LEVEL_COLOR } from '../../components/RiskChecklist.tsx';
import { QueryView } from '../../components/States.tsx';
import { CaseTimelineView } from '../coordinator/CaseTimeline.tsx';
import { CaseActions } from './case/CaseActions.tsx';
import { DepartmentsTab } from './case/Departments.tsx';
import type { CaseView } from './case/types.ts';
import { NotesTab, ReferralsTab } from './case/WorkTabs.tsx';

/** The case's facts (de-identified unless the caseworker may see who she is). */
function CaseFacts({ c }: { c: CaseView }) {
  const { t, l } = useI18n();
  return (
    <Descriptions size="small" column={3} bordered>
      <Descriptions.Item label={t('建立时间', 'Opened')}>{fmtTime(c.openedAt)}</Descriptions.Item>
      <Descriptions.Item label={t('渠道', 'Channel')}>{l('channel', c.channel)}</Descriptions.Item>
      <Descriptions.Item label={t('类别', 'Category')}>{l('category', c.category)}</Descriptions.Item>
      <Descriptions.Item label={t('街道', 'Street')}>{l('street', c.street)}</Descriptions.Item>
      <Descriptions.Item label={t('年龄段', 'Age band')}>{l('ageBand', c.ageBand)}</Descriptions.Item>
      <Descriptions.Item label={t('加害人关系', 'Perpetrator')}>
        {l('perpetratorRelation', c.perpetratorRelation)}
      </Descriptions.Item>
      <Descriptions.Item label={t('诉求', 'Needs')} span={3}>
        {c.needs.map((n) => (
          <Tag key={n}>{l('need', n)}</Tag>
        ))}
      </Descriptions.Item>
      {c.identified && c.victim && (
        <Descriptions.Item label={t('当事人', 'Victim')} span={3}>
          {String(c.victim.name ?? '—')} · {String(c.victim.phone ?? '—')}
        </Descriptions.Item>
      )}
    </Descriptions>
  );
}

export default function CasePage() {
  const { t, l } = useI18n();
  const user = useOutletContext<User>();
  const { caseId = '' } = useParams();
  const KEY: string[][] = [['intake', 'case', caseId]];
  const q = useQuery({
    queryKey: ['intake', 'case', caseId],
    queryFn: () => api<CaseView>('intake', `/cases/${caseId}`),
    refetchInterval: 10_000,
  });
  const caseworker = user.role === 'wf_caseworker';
  return (
    <QueryView q={q}>
      {(c) => (
        <Space direction="vertical" style={{ width: '100%' }} size="large">
          <Card
            title={
              <Space>
                <Typography.Title level={4} style={{ margin: 0 }}>
                  {c.caseNumber}
                </Typography.Title>
                <Tag color={LEVEL_COLOR[c.riskLevel]}>{l('riskLevel', c.riskLevel)}</Tag>
                <Tag>{l('caseStatus', c.status)}</Tag>
                {c.repeat && <Tag color="volcano">{t('重复求助', 'repeat')}</Tag>}
              </Space>
            }
            extra={caseworker && <CaseActions caseId={caseId} status={c.status} invalidate={KEY} />}
          >
            <CaseFacts c={c} />
          </Card>
          <Tabs
            items={[
              {
                key: 'status',
                label: t('各部门进展', 'Departments'),
                children: <DepartmentsTab c={c} caseworker={caseworker} invalidate={KEY} />,
              },
              ...(caseworker
                ? [
                    { key: 'referrals', label: t('转介', 'Referrals'), children: <ReferralsTab caseId={caseId} /> },
                    { key: 'notes', label: t('工作记录', 'Notes'), children: <NotesTab caseId={caseId} /> },
                    {
                      key: 'timeline',
                      label: t('全流程时间线', 'Timeline'),
                      children: <CaseTimelineView caseId={caseId} />,
                    },
                  ]
                : []),
            ]}
          />
        </Space>
      )}
    </QueryView>
  );
}
