import { Card, DatePicker, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import { api } from '../../lib/api.ts';
import { useI18n } from '../../lib/i18n.tsx';
import { dayjs } from '../../lib/time.ts';
import { ActionModal } from '../../components/ActionModal.tsx';
import { ReferralQueue, type Referral } from '../../components/ReferralQueue.tsx';

const GRADES: [string, string, string][] = [
  ['none', '未达轻微伤', 'None'],
  ['minor', '轻微伤', 'Minor'],
  ['light', '轻伤', 'Light'],
  ['serious', '重伤', 'Serious'],
];

export default function HealthDesk() {
  const { t } = useI18n();
  const session = (r: Referral) =>
    r.department === 'counselling' && (r.status === 'accepted' || r.status === 'in_progress') ? (
      <ActionModal
        label={t('记录咨询', 'Record a session')}
        title={t('记录心理咨询', 'Record a counselling session')}
        initialValues={{ heldAt: dayjs(), durationMinutes: 50 }}
        submit={(v: { heldAt: dayjs.Dayjs; durationMinutes: number; notes?: string }, k) =>
          api('dv-referral', `/referrals/${r.id}/sessions`, {
            method: 'POST',
            idempotencyKey: k,
            body: {
              heldAt: v.heldAt.toISOString(),
              durationMinutes: v.durationMinutes,
              ...(v.notes ? { notes: v.notes } : {}),
            },
          })
        }
      >
        <Form.Item name="heldAt" label={t('时间', 'When')} rules={[{ required: true }]}>
          <DatePicker showTime style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="durationMinutes" label={t('时长（分钟）', 'Minutes')} rules={[{ required: true }]}>
          <InputNumber min={1} max={600} />
        </Form.Item>
        <Form.Item name="notes" label={t('记录', 'Notes')}>
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
      </ActionModal>
    ) : null;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <ReferralQueue title={t('医疗/心理转介队列', 'Health and counselling referrals')} actions={session} />
      <Card
        title={
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('伤情鉴定结果登记', 'Injury assessment result')}
          </Typography.Title>
        }
      >
        <Typography.Paragraph type="secondary">
          {t(
            '输入鉴定委托编号登记结果（委托列表接口尚未提供）。',
            'Enter the assessment id to record its result (the service has no list of requests yet).',
          )}
        </Typography.Paragraph>
        <ActionModal
          label={t('登记鉴定结果', 'Record a result')}
          title={t('登记伤情鉴定结果（可作为证据，第20条）', 'Record the result (evidence, Art. 20)')}
          buttonProps={{ type: 'primary', size: 'middle' }}
          submit={(
            v: { assessmentId: string; grade: string; resultRef: string; findings?: string; version: number },
            k,
          ) =>
            api('dv-referral', `/injury-assessments/${v.assessmentId.trim()}/complete`, {
              method: 'POST',
              idempotencyKey: k,
              body: {
                grade: v.grade,
                resultRef: v.resultRef,
                version: v.version,
                ...(v.findings ? { findings: v.findings } : {}),
              },
            })
          }
          initialValues={{ version: 1 }}
        >
          <Form.Item
            name="assessmentId"
            label={t('鉴定委托编号', 'Assessment id')}
            rules={[{ required: true, pattern: /^[0-9a-f-]{36}$/i }]}
          >
            <Input />
          </Form.Item>
          <Form.Item name="grade" label={t('伤情等级', 'Grade')} rules={[{ required: true }]}>
            <Select options={GRADES.map(([g, zh, en]) => ({ value: g, label: t(zh, en) }))} />
          </Form.Item>
          <Form.Item
            name="resultRef"
            label={t('报告编号', 'Report ref')}
            rules={[{ required: true, pattern: /^[A-Za-z0-9-/]+$/ }]}
          >
            <Input maxLength={64} />
          </Form.Item>
          <Form.Item name="version" label={t('版本', 'Version')} rules={[{ required: true }]}>
            <InputNumber min={1} />
          </Form.Item>
          <Form.Item name="findings" label={t('鉴定意见', 'Findings')}>
            <Input.TextArea rows={3} maxLength={4000} />
          </Form.Item>
        </ActionModal>
      </Card>
    </Space>
  );
}
