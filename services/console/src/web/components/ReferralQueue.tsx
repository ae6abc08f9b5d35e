import { App, Button, Card, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { api } from '../lib/api.ts';
import { useI18n } from '../lib/i18n.tsx';
import { fmtTime } from '../lib/time.ts';
import { Countdown } from './Countdown.tsx';
import { LEVEL_COLOR } from './RiskChecklist.tsx';
import { EmptyText, ErrorState, errorLine } from './States.tsx';
import { rowData } from '../lib/row-data.ts';

export interface Referral {
  id: string;
  caseId: string;
  department: string;
  assignedDept: string;
  riskLevel: string;
  status: string;
  acceptBy: string;
  createdAt: string;
  reasonCode: string | null;
  street: string | null;
  version: number;
}

/** New referrals and clock changes reach the queue within this interval, without a reload. */
export const QUEUE_REFRESH_MS = 3000;
const RISK = ['standard', 'medium', 'high'];

/** Awaiting acceptance first (soonest deadline first, high risk breaking ties), then the newest. */
export function queueOrder(a: Referral, b: Referral): number {
  const wa = a.status === 'requested' ? 0 : 1;
  const wb = b.status === 'requested' ? 0 : 1;
  if (wa !== wb) return wa - wb;
  if (wa === 0) return a.acceptBy.localeCompare(b.acceptBy) || RISK.indexOf(b.riskLevel) - RISK.indexOf(a.riskLevel);
  return b.createdAt.localeCompare(a.createdAt);
}

export function useReferrals() {
  return useQuery({
    queryKey: ['dv', 'referrals'],
    queryFn: () => api<{ items: Referral[] }>('dv-referral', '/referrals'),
    refetchInterval: QUEUE_REFRESH_MS,
    refetchIntervalInBackground: true,
  });
}

/** The receiving department's work queue: what was sent to it, with a live countdown and accept/decline. */
export function ReferralQueue({ title, actions }: { title: string; actions?: (r: Referral) => ReactNode }) {
  const { t, l, opts } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const q = useReferrals();
  const [status, setStatus] = useState<string | undefined>();
  const [risk, setRisk] = useState<string | undefined>();
  const [declining, setDeclining] = useState<Referral | null>(null);
  const [form] = Form.useForm<{ reasonCode: string; reason: string }>();
  const act = useMutation({
    mutationFn: ({
      r,
      kind,
      body,
    }: {
      r: Referral;
      kind: 'accept' | 'decline' | 'start' | 'complete';
      body?: Record<string, unknown>;
    }) =>
      api<Referral>('dv-referral', `/referrals/${r.id}/${kind}`, {
        method: 'POST',
        body: { version: r.version, ...body },
      }),
    onSuccess: (_r, v) => {
      void message.success(
        v.kind === 'accept'
          ? t('已接收', 'Accepted')
          : v.kind === 'decline'
            ? t('已拒绝并通知案件负责人', 'Declined; the case owner is told')
            : t('已更新', 'Updated'),
      );
      setDeclining(null);
      void qc.invalidateQueries({ queryKey: ['dv', 'referrals'] });
    },
    onError: (e) => void message.error(errorLine(e, t)),
  });
  const items = (q.data?.items ?? [])
    .filter((r) => (!status || r.status === status) && (!risk || r.riskLevel === risk))
    .sort(queueOrder);
  // not known until the list has loaded: "0 awaiting" from a failed load would hide a referral
  const waiting = q.data ? q.data.items.filter((r) => r.status === 'requested').length : undefined;
  return (
    <Card
      title={
        <Space>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {title}
          </Typography.Title>
          <Tag color={waiting ? 'red' : 'default'} data-testid="waiting-count">
            {t(`待接收 ${waiting ?? '—'}`, `${waiting ?? '—'} awaiting`)}
          </Tag>
        </Space>
      }
      extra={<Typography.Text type="secondary">{t('每3秒自动刷新', 'Refreshes every 3 s')}</Typography.Text>}
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          allowClear
          placeholder={t('状态', 'Status')}
          style={{ width: 140 }}
          value={status}
          onChange={setStatus}
          options={opts('referralStatus')}
        />
        <Select
          allowClear
          placeholder={t('风险等级', 'Risk')}
          style={{ width: 120 }}
          value={risk}
          onChange={setRisk}
          options={opts('riskLevel')}
        />
      </Space>
      {q.error && <ErrorState error={q.error} retry={() => q.refetch()} />}
      <Table<Referral>
        rowKey="id"
        loading={q.isPending}
        dataSource={items}
        pagination={{ pageSize: 20, showSizeChanger: true }}
        locale={{
          emptyText: (
            <EmptyText loaded={q.data !== undefined} failed={!!q.error}>
              {t(
                '目前没有转介给本部门的案件。新转介会在几秒内自动出现。',
                'Nothing has been referred to you. New referrals appear here within seconds.',
              )}
            </EmptyText>
          ),
        }}
        rowClassName={() => 'referral-row'}
        onRow={(r) => rowData({ 'data-case': r.caseId, 'data-referral': r.id })}
        columns={[
          {
            title: t('案件', 'Case'),
            dataIndex: 'caseId',
            render: (v: string) => <Typography.Text code>{v.slice(0, 8)}</Typography.Text>,
          },
          {
            title: t('转介时间', 'Sent'),
            dataIndex: 'createdAt',
            sorter: (a, b) => a.createdAt.localeCompare(b.createdAt),
            render: (v: string) => fmtTime(v),
          },
          {
            title: t('风险', 'Risk'),
            dataIndex: 'riskLevel',
            sorter: (a, b) => RISK.indexOf(a.riskLevel) - RISK.indexOf(b.riskLevel),
            render: (v: string) => <Tag color={LEVEL_COLOR[v]}>{l('riskLevel', v)}</Tag>,
          },
          { title: t('街道', 'Street'), dataIndex: 'street', render: (v: string | null) => l('street', v) },
          {
            title: t('状态', 'Status'),
            dataIndex: 'status',
            render: (v: string, r) => (
              <span data-testid="referral-status">
                {l('referralStatus', v)}
                {r.reasonCode ? ` · ${l('declineReason', r.reasonCode)}` : ''}
              </span>
            ),
          },
          {
            title: t('受理时限', 'Accept by'),
            dataIndex: 'acceptBy',
            sorter: (a, b) => a.acceptBy.localeCompare(b.acceptBy),
            render: (v: string, r) => (
              <Countdown deadline={v} startedAt={r.createdAt} done={r.status !== 'requested'} />
            ),
          },
          {
            title: t('操作', 'Actions'),
            render: (_: unknown, r) => (
              <Space wrap>
                {r.status === 'requested' && (
                  <>
                    <Button
                      type="primary"
                      size="small"
                      onClick={() => act.mutate({ r, kind: 'accept' })}
                      loading={act.isPending}
                      data-testid="accept"
                    >
                      {t('接收', 'Accept')}
                    </Button>
                    <Button danger size="small" onClick={() => setDeclining(r)}>
                      {t('拒绝', 'Decline')}
                    </Button>
                  </>
                )}
                {actions?.(r)}
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={!!declining}
        title={t('拒绝转介', 'Decline the referral')}
        onCancel={() => setDeclining(null)}
        onOk={() => form.submit()}
        confirmLoading={act.isPending}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          preserve={false}
          onFinish={(v) => declining && act.mutate({ r: declining, kind: 'decline', body: v })}
        >
          <Form.Item name="reasonCode" label={t('原因', 'Reason')} rules={[{ required: true }]}>
            <Select options={opts('declineReason')} />
          </Form.Item>
          <Form.Item
            name="reason"
            label={t('说明（案件负责人可见）', 'Explanation (the case owner sees it)')}
            rules={[{ required: true, message: t('请说明原因', 'Explain why') }]}
          >
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
