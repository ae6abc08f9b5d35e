import { Card, Col, Descriptions, Form, Input, List, Row, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useOutletContext, useParams } from 'react-router';
import { api } from '../../lib/api.ts';
import { useI18n } from '../../lib/i18n.tsx';
import { fmtTime } from '../../lib/time.ts';
import type { User } from '../../lib/session.ts';
import type { Checklist } from '../../lib/risk.ts';
import { ActionModal } from '../../components/ActionModal.tsx';
import { Countdown } from '../../components/Countdown.tsx';
import { LEVEL_COLOR, RiskChecklist } from '../../components/RiskChecklist.tsx';
import { QueryView } from '../../components/States.tsx';
import type { Referral } from '../../components/ReferralQueue.tsx';
import { CaseTimelineView } from '../coordinator/CaseTimeline.tsx';
import { useState } from 'react';

interface CaseView {
  id: string;
  caseNumber: string;
  channel: string;
  category: string;
  street: string | null;
  riskLevel: string;
  repeat: boolean;
  status: string;
  closeReason: string | null;
  ageBand: string;
  needs: string[];
  violenceTypes: string[];
  perpetratorRelation: string | null;
  consent: Record<string, boolean | null>;
  overrides: string[];
  openedAt: string;
  version: number;
  referrals: { requestId: string; target: string; consentBasis: string }[];
  riskAssessments: {
    id: string;
    checklistVersion: string;
    yesCount: number;
    level: string;
    raisedByJudgement: boolean;
    assessedAt: string;
  }[];
  statusSummary: {
    ref: string;
    service: string;
    department: string | null;
    assignedDept: string | null;
    status: string;
    dueAt: string | null;
    at: string;
  }[];
  identified: boolean;
  victim?: Record<string, unknown> | null;
  narrative?: string | null;
}

function Rescreen({ caseId, invalidate }: { caseId: string; invalidate: unknown[][] }) {
  const { t } = useI18n();
  const checklist = useQuery({
    queryKey: ['intake', 'risk-checklist'],
    queryFn: () => api<Checklist>('intake', '/risk-checklist'),
  });
  const [yes, setYes] = useState<string[]>([]);
  return (
    <ActionModal
      label={t('重新评估风险', 'Re-screen risk')}
      title={t('重新评估风险', 'Re-screen risk')}
      invalidate={invalidate}
      submit={(_v, k) =>
        api('intake', `/cases/${caseId}/risk-assessments`, { method: 'POST', body: { yes }, idempotencyKey: k })
      }
    >
      {checklist.data && <RiskChecklist checklist={checklist.data} value={yes} onChange={setYes} />}
    </ActionModal>
  );
}

export default function CasePage() {
  const { t, l, dept, opts } = useI18n();
  const user = useOutletContext<User>();
  const { caseId = '' } = useParams();
  const KEY: string[][] = [['intake', 'case', caseId]];
  const q = useQuery({
    queryKey: ['intake', 'case', caseId],
    queryFn: () => api<CaseView>('intake', `/cases/${caseId}`),
    refetchInterval: 10_000,
  });
  const notes = useQuery({
    queryKey: ['intake', 'notes', caseId],
    queryFn: () =>
      api<{ items: { id: string; text: string; authorRole: string; authorDept: string; createdAt: string }[] }>(
        'intake',
        `/cases/${caseId}/notes`,
      ),
    enabled: user.role === 'wf_caseworker',
  });
  const refs = useQuery({
    queryKey: ['dv', 'case-referrals', caseId],
    queryFn: () => api<{ items: Referral[] }>('dv-referral', `/cases/${caseId}/referrals`),
    enabled: user.role === 'wf_caseworker',
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
            extra={
              caseworker && (
                <Space>
                  <Rescreen caseId={caseId} invalidate={KEY} />
                  {c.status === 'open' ? (
                    <ActionModal
                      label={t('结案', 'Close')}
                      title={t('结案', 'Close the case')}
                      invalidate={KEY}
                      submit={(v: Record<string, unknown>, k) =>
                        api('intake', `/cases/${caseId}/close`, { method: 'POST', body: v, idempotencyKey: k })
                      }
                    >
                      <Form.Item name="reason" label={t('原因', 'Reason')} rules={[{ required: true }]}>
                        <Select options={opts('closeReason')} />
                      </Form.Item>
                      <Form.Item name="note" label={t('说明', 'Note')}>
                        <Input.TextArea rows={2} maxLength={1000} />
                      </Form.Item>
                    </ActionModal>
                  ) : (
                    <ActionModal
                      label={t('重新开启', 'Reopen')}
                      title={t('重新开启案件', 'Reopen the case')}
                      invalidate={KEY}
                      submit={(v: Record<string, unknown>, k) =>
                        api('intake', `/cases/${caseId}/reopen`, { method: 'POST', body: v, idempotencyKey: k })
                      }
                    >
                      <Form.Item name="reason" label={t('原因', 'Reason')} rules={[{ required: true }]}>
                        <Select options={opts('reopenReason')} />
                      </Form.Item>
                    </ActionModal>
                  )}
                </Space>
              )
            }
          >
            <Descriptions size="small" column={3} bordered>
              <Descriptions.Item label={t('建立时间', 'Opened')}>{fmtTime(c.openedAt)}</Descriptions.Item>
              <Descriptions.Item label={t('渠道', 'Channel')}>{l('channel', c.channel)}</Descriptions.Item>
              <Descriptions.Item label={t('类别', 'Category')}>{l('category', c.category)}</Descriptions.Item>
              <Descriptions.Item label={t('街道', 'Street')}>{l('street', c.street)}</Descriptions.Item>
              <Descriptions.Item label={t('年龄段', 'Age band')}>{c.ageBand}</Descriptions.Item>
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
          </Card>
          <Tabs
            items={[
              {
                key: 'status',
                label: t('各部门进展', 'Departments'),
                children: (
                  <Row gutter={16}>
                    <Col xs={24} lg={12}>
                      <Card size="small" title={t('各部门办理状态', "Each department's part")}>
                        <Table
                          rowKey="ref"
                          size="small"
                          pagination={false}
                          dataSource={c.statusSummary}
                          locale={{ emptyText: t('各部门尚未反馈', 'No department has reported yet') }}
                          columns={[
                            {
                              title: t('部门', 'Department'),
                              render: (_: unknown, s) => dept(s.assignedDept) || s.service,
                            },
                            { title: t('事项', 'Part'), dataIndex: 'service' },
                            { title: t('状态', 'Status'), dataIndex: 'status' },
                            {
                              title: t('期限', 'Due'),
                              dataIndex: 'dueAt',
                              render: (v: string | null) => <Countdown deadline={v} />,
                            },
                            { title: t('更新', 'At'), dataIndex: 'at', render: (v: string) => fmtTime(v) },
                          ]}
                        />
                      </Card>
                    </Col>
                    <Col xs={24} lg={12}>
                      <Card size="small" title={t('同意与越过同意（留痕）', 'Consent and audited overrides')}>
                        <Descriptions size="small" column={2}>
                          {Object.entries(c.consent).map(([d, v]) => (
                            <Descriptions.Item key={d} label={l('consentDepartment', d)}>
                              {v === true ? (
                                <Tag color="green">{t('同意', 'yes')}</Tag>
                              ) : v === false ? (
                                <Tag color="red">{t('不同意', 'no')}</Tag>
                              ) : (
                                <Tag>{t('未询问', 'not asked')}</Tag>
                              )}
                              {c.overrides.includes(d) && <Tag color="purple">{t('已越过', 'overridden')}</Tag>}
                            </Descriptions.Item>
                          ))}
                        </Descriptions>
                        {caseworker && (
                          <ActionModal
                            label={t('越过同意', 'Override consent')}
                            title={t(
                              '越过同意（须说明理由，全程留痕）',
                              'Override a missing consent (reason required; audited)',
                            )}
                            invalidate={KEY}
                            submit={(v: Record<string, unknown>, k) =>
                              api('intake', `/cases/${caseId}/consent-overrides`, {
                                method: 'POST',
                                body: v,
                                idempotencyKey: k,
                              })
                            }
                          >
                            <Form.Item name="department" label={t('部门', 'Department')} rules={[{ required: true }]}>
                              <Select options={opts('consentDepartment')} />
                            </Form.Item>
                            <Form.Item
                              name="reason"
                              label={t('理由（至少10字）', 'Reason (10+ characters)')}
                              rules={[{ required: true, min: 10 }]}
                            >
                              <Input.TextArea rows={3} maxLength={1000} />
                            </Form.Item>
                          </ActionModal>
                        )}
                      </Card>
                      <Card size="small" title={t('风险评估记录', 'Risk screenings')} style={{ marginTop: 16 }}>
                        <List
                          size="small"
                          dataSource={c.riskAssessments}
                          renderItem={(r) => (
                            <List.Item>
                              {fmtTime(r.assessedAt)} · {r.checklistVersion} · {r.yesCount} ·{' '}
                              <Tag color={LEVEL_COLOR[r.level]}>{l('riskLevel', r.level)}</Tag>
                            </List.Item>
                          )}
                        />
                      </Card>
                    </Col>
                  </Row>
                ),
              },
              ...(caseworker
                ? [
                    {
                      key: 'referrals',
                      label: t('转介', 'Referrals'),
                      children: (
                        <QueryView q={refs}>
                          {(d) => (
                            <Table<Referral>
                              rowKey="id"
                              size="small"
                              dataSource={d.items}
                              locale={{ emptyText: t('本案尚无转介', 'No referrals on this case') }}
                              columns={[
                                {
                                  title: t('部门', 'Department'),
                                  dataIndex: 'assignedDept',
                                  render: (v: string) => dept(v),
                                },
                                {
                                  title: t('状态', 'Status'),
                                  dataIndex: 'status',
                                  render: (v: string, r) =>
                                    `${l('referralStatus', v)}${r.reasonCode ? ' · ' + l('declineReason', r.reasonCode) : ''}`,
                                },
                                {
                                  title: t('受理时限', 'Accept by'),
                                  dataIndex: 'acceptBy',
                                  render: (v: string, r) => (
                                    <Countdown deadline={v} startedAt={r.createdAt} done={r.status !== 'requested'} />
                                  ),
                                },
                              ]}
                            />
                          )}
                        </QueryView>
                      ),
                    },
                    {
                      key: 'notes',
                      label: t('工作记录', 'Notes'),
                      children: (
                        <Card
                          size="small"
                          extra={
                            <ActionModal
                              label={t('添加记录', 'Add a note')}
                              title={t('添加工作记录（加密保存）', 'Add a note (encrypted)')}
                              invalidate={[['intake', 'notes', caseId]]}
                              submit={(v: Record<string, unknown>, k) =>
                                api('intake', `/cases/${caseId}/notes`, { method: 'POST', body: v, idempotencyKey: k })
                              }
                            >
                              <Form.Item name="text" rules={[{ required: true }]}>
                                <Input.TextArea rows={4} maxLength={5000} />
                              </Form.Item>
                            </ActionModal>
                          }
                        >
                          <QueryView q={notes}>
                            {(d) => (
                              <List
                                dataSource={d.items}
                                locale={{ emptyText: t('暂无记录', 'No notes yet') }}
                                renderItem={(n) => (
                                  <List.Item>
                                    <List.Item.Meta
                                      title={`${fmtTime(n.createdAt)} · ${l('role', n.authorRole)} · ${dept(n.authorDept)}`}
                                      description={n.text}
                                    />
                                  </List.Item>
                                )}
                              />
                            )}
                          </QueryView>
                        </Card>
                      ),
                    },
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
