import { Card, Form, Input, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../lib/api.ts';
import { useI18n } from '../../lib/i18n.tsx';
import { fmtTime } from '../../lib/time.ts';
import { ActionModal } from '../../components/ActionModal.tsx';
import { Countdown } from '../../components/Countdown.tsx';
import { QUEUE_REFRESH_MS } from '../../components/ReferralQueue.tsx';
import { EmptyText, ErrorState } from '../../components/States.tsx';
import type { Lawyer } from './Lawyers.tsx';
import { rowData } from '../../lib/row-data.ts';

interface Application {
  id: string;
  caseId: string | null;
  channel: string;
  matterType: string;
  proceedings: string;
  urgency: string;
  street: string | null;
  status: string;
  receivedAt: string;
  decideBy: string;
  clockPaused: boolean;
  meansOutcome: string | null;
  urgentAidStarted: boolean;
  assignBy: string | null;
  reviewBy: string | null;
  version: number;
}
const KEY = [['legal-aid', 'applications']];

export default function Applications() {
  const { t, l, opts } = useI18n();
  const [status, setStatus] = useState<string | undefined>();
  const q = useQuery({
    queryKey: [...KEY[0]!, status],
    queryFn: () => api<{ items: Application[] }>('legal-aid', '/applications', { query: { status } }),
    refetchInterval: QUEUE_REFRESH_MS,
  });
  const lawyers = useQuery({
    queryKey: ['legal-aid', 'lawyers'],
    queryFn: () => api<{ items: Lawyer[] }>('legal-aid', '/lawyers'),
  });
  const cmd = (a: Application, path: string, body: Record<string, unknown>, key: string) =>
    api<Application>('legal-aid', `/applications/${a.id}/${path}`, {
      method: 'POST',
      body: { version: a.version, ...body },
      idempotencyKey: key,
    });
  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('法律援助申请', 'Legal aid applications')}
        </Typography.Title>
      }
      extra={
        <Typography.Text type="secondary">
          {t('7日内作出决定，批准后3日内指派（法律援助法第43、44条）', 'Decide within 7 days; assign within 3 (LAL)')}
        </Typography.Text>
      }
    >
      <Space style={{ marginBottom: 16 }}>
        <Select
          allowClear
          placeholder={t('状态', 'Status')}
          style={{ width: 160 }}
          value={status}
          onChange={setStatus}
          options={opts('laStatus')}
        />
      </Space>
      {q.error && <ErrorState error={q.error} retry={() => q.refetch()} />}
      <Table<Application>
        rowKey="id"
        loading={q.isPending}
        dataSource={q.data?.items ?? []}
        pagination={{ pageSize: 20, showSizeChanger: true }}
        onRow={(a) => rowData({ 'data-case': a.caseId ?? '' })}
        locale={{
          emptyText: (
            <EmptyText loaded={q.data !== undefined} failed={!!q.error}>
              {t(
                '暂无申请。妇联转介与来访申请会自动出现在这里。',
                'No applications yet. Referrals and walk-ins appear here.',
              )}
            </EmptyText>
          ),
        }}
        columns={[
          {
            title: t('受理时间', 'Received'),
            dataIndex: 'receivedAt',
            sorter: (a, b) => a.receivedAt.localeCompare(b.receivedAt),
            render: (v: string) => fmtTime(v),
          },
          { title: t('事项', 'Matter'), dataIndex: 'matterType', render: (v: string) => l('matterType', v) },
          {
            title: t('紧急', 'Urgency'),
            dataIndex: 'urgency',
            render: (v: string) => (v === 'urgent' ? <Tag color="red">{l('urgency', v)}</Tag> : l('urgency', v)),
          },
          { title: t('街道', 'Street'), dataIndex: 'street', render: (v: string | null) => l('street', v) },
          {
            title: t('经济状况审查', 'Means test'),
            dataIndex: 'meansOutcome',
            render: (v: string | null) => (v ? <Tag>{l('meansOutcome', v)}</Tag> : t('待审查', 'pending')),
          },
          {
            title: t('状态', 'Status'),
            dataIndex: 'status',
            render: (v: string) => <span data-testid="la-status">{l('laStatus', v)}</span>,
          },
          {
            title: t('时限', 'Deadline'),
            sorter: (a, b) => a.decideBy.localeCompare(b.decideBy),
            render: (_: unknown, a) =>
              a.status === 'approved' ? (
                <Space>
                  {t('指派', 'Assign')}
                  <Countdown deadline={a.assignBy} />
                </Space>
              ) : ['received', 'materials_requested'].includes(a.status) ? (
                a.clockPaused ? (
                  <Tag>{t('补材料暂停计时', 'paused for materials')}</Tag>
                ) : (
                  <Space>
                    {t('决定', 'Decide')}
                    <Countdown deadline={a.decideBy} startedAt={a.receivedAt} />
                  </Space>
                )
              ) : a.status === 'objection_pending' ? (
                <Countdown deadline={a.reviewBy} />
              ) : (
                '—'
              ),
          },
          {
            title: t('操作', 'Actions'),
            render: (_: unknown, a) => (
              <Space wrap>
                {['received', 'materials_requested'].includes(a.status) && (
                  <>
                    {!a.meansOutcome && (
                      <ActionModal
                        label={t('经济状况审查', 'Means test')}
                        title={t('经济困难状况审查', 'Means test')}
                        invalidate={KEY}
                        submit={(v: Record<string, unknown>, k) => cmd(a, 'means-test', v, k)}
                      >
                        <Form.Item name="basis" label={t('依据', 'Basis')} rules={[{ required: true }]}>
                          <Select options={opts('meansBasis')} />
                        </Form.Item>
                        <Form.Item
                          name="meetsHardshipStandard"
                          label={t('符合经济困难标准', 'Meets the hardship standard')}
                          valuePropName="checked"
                        >
                          <Switch />
                        </Form.Item>
                        <Form.Item name="evidence" label={t('材料说明', 'Evidence')}>
                          <Input.TextArea rows={2} maxLength={2000} />
                        </Form.Item>
                      </ActionModal>
                    )}
                    {a.status === 'received' && (
                      <ActionModal
                        label={t('一次性告知补正材料', 'Request materials')}
                        title={t(
                          '一次性告知需补充的全部材料（暂停计时）',
                          'Request every missing document at once (clock pauses)',
                        )}
                        invalidate={KEY}
                        submit={(_v, k) => cmd(a, 'materials-request', {}, k)}
                      >
                        <Typography.Paragraph>
                          {t(
                            '系统将列出全部缺少的材料并暂停7日决定期限。',
                            'All missing documents are listed and the 7-day clock pauses.',
                          )}
                        </Typography.Paragraph>
                      </ActionModal>
                    )}
                    <ActionModal
                      label={t('批准', 'Approve')}
                      title={t('批准法律援助', 'Approve legal aid')}
                      testId="la-approve"
                      buttonProps={{ type: 'primary' }}
                      invalidate={KEY}
                      submit={(_v, k) => cmd(a, 'approve', {}, k)}
                    >
                      <Typography.Paragraph>
                        {t('批准后3日内须指派律师。', 'A lawyer must be assigned within 3 days.')}
                      </Typography.Paragraph>
                    </ActionModal>
                    <ActionModal
                      label={t('不予援助', 'Refuse')}
                      title={t('书面决定不予法律援助', 'Refuse in writing')}
                      buttonProps={{ danger: true }}
                      invalidate={KEY}
                      submit={(v: Record<string, unknown>, k) => cmd(a, 'refuse', v, k)}
                    >
                      <Form.Item name="ground" label={t('理由', 'Ground')} rules={[{ required: true }]}>
                        <Select options={opts('refusalGround')} />
                      </Form.Item>
                      <Form.Item name="reasons" label={t('书面理由', 'Written reasons')} rules={[{ required: true }]}>
                        <Input.TextArea rows={3} maxLength={5000} />
                      </Form.Item>
                    </ActionModal>
                  </>
                )}
                {a.status === 'approved' && (
                  <ActionModal
                    label={t('指派律师', 'Assign a lawyer')}
                    title={t(
                      '指派律师（自动回避利益冲突；当事人要求时优先女性律师）',
                      'Assign (conflicts avoided; a female lawyer first when asked)',
                    )}
                    testId="la-assign"
                    buttonProps={{ type: 'primary' }}
                    invalidate={KEY}
                    submit={(v: { lawyerId?: string }, k) =>
                      cmd(a, 'assignment', v.lawyerId ? { lawyerId: v.lawyerId } : {}, k)
                    }
                  >
                    <Form.Item
                      name="lawyerId"
                      label={t('律师（留空则自动指派）', 'Lawyer (empty: assign automatically)')}
                    >
                      <Select
                        allowClear
                        options={(lawyers.data?.items ?? [])
                          .filter((x) => x.active)
                          .map((x) => ({
                            value: x.id,
                            label: `${x.name} · ${x.organisation} (${x.activeCases}/${x.maxCases})`,
                          }))}
                      />
                    </Form.Item>
                  </ActionModal>
                )}
                {a.status === 'assigned' && (
                  <ActionModal
                    label={t('结案', 'Close')}
                    title={t('结案（第48、50条）', 'Close (Arts. 48, 50)')}
                    invalidate={KEY}
                    submit={(v: Record<string, unknown>, k) => cmd(a, 'close', v, k)}
                  >
                    <Form.Item name="outcome" label={t('结果', 'Outcome')} rules={[{ required: true }]}>
                      <Select options={opts('closureOutcome')} />
                    </Form.Item>
                    <Form.Item name="report" label={t('结案报告', 'Closure report')} rules={[{ required: true }]}>
                      <Input.TextArea rows={4} maxLength={20000} />
                    </Form.Item>
                  </ActionModal>
                )}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}
