import { DatePicker, Form, Select, Space, Typography } from 'antd';
import { api } from '../../lib/api.ts';
import { useI18n } from '../../lib/i18n.tsx';
import { dayjs } from '../../lib/time.ts';
import { ActionModal } from '../../components/ActionModal.tsx';
import { ORDERS_KEY as KEY, PARTIES, type Order } from './order.ts';

/** The court's commands on one protection order, as its status allows (ADVL Arts. 27–32). */
export function OrderActions({ o }: { o: Order }) {
  const { t, opts } = useI18n();
  const cmd = (path: string, body: Record<string, unknown> = {}, key?: string) =>
    api<Order>('dv-referral', `/protection-orders/${o.id}/${path}`, {
      method: 'POST',
      body: { version: o.version, ...body },
      ...(key ? { idempotencyKey: key } : {}),
    });
  return (
    <Space wrap>
      {o.status === 'applied' && (
        <ActionModal
          label={t('受理', 'Accept')}
          title={t('受理申请（开始裁定计时）', 'Accept (the ruling clock starts)')}
          testId="order-accept"
          buttonProps={{ type: 'primary' }}
          invalidate={KEY}
          submit={(_v, k) => cmd('accept', {}, k)}
        >
          <Typography.Paragraph>
            {o.urgent
              ? t('紧急申请：24小时内作出裁定。', 'Urgent: rule within 24 h.')
              : t('72小时内作出裁定。', 'Rule within 72 h.')}
          </Typography.Paragraph>
        </ActionModal>
      )}
      {o.status === 'accepted' && (
        <>
          <ActionModal
            label={t('签发保护令', 'Issue order')}
            title={t('作出人身安全保护令（有效期不超过6个月）', 'Issue the order (at most 6 months)')}
            testId="order-issue"
            buttonProps={{ type: 'primary' }}
            invalidate={KEY}
            initialValues={{ validUntil: dayjs().add(6, 'month').subtract(1, 'day'), measures: o.measures }}
            submit={(v: { validUntil: dayjs.Dayjs; measures: string[] }, k) =>
              cmd('issue', { validUntil: v.validUntil.endOf('day').toISOString(), measures: v.measures }, k)
            }
          >
            <Form.Item name="validUntil" label={t('有效期至', 'Valid until')} rules={[{ required: true }]}>
              <DatePicker
                style={{ width: '100%' }}
                disabledDate={(d) => d.isBefore(dayjs(), 'day') || d.isAfter(dayjs().add(6, 'month'))}
              />
            </Form.Item>
            <Form.Item name="measures" label={t('措施', 'Measures')} rules={[{ required: true }]}>
              <Select mode="multiple" options={opts('measure')} />
            </Form.Item>
          </ActionModal>
          <ActionModal
            label={t('驳回', 'Reject')}
            title={t('驳回申请', 'Reject the application')}
            buttonProps={{ danger: true }}
            invalidate={KEY}
            submit={(v: { reasonCode: string }, k) => cmd('reject', v, k)}
          >
            <Form.Item name="reasonCode" label={t('理由', 'Reason')} rules={[{ required: true }]}>
              <Select options={opts('rejectReason')} />
            </Form.Item>
          </ActionModal>
        </>
      )}
      {o.status === 'issued' && PARTIES.some((p) => !o.served[p]) && (
        <ActionModal
          label={t('记录送达', 'Record service')}
          title={t('送达（第32条）', 'Service (Art. 32)')}
          testId="order-serve"
          invalidate={KEY}
          initialValues={{ party: PARTIES.find((p) => !o.served[p]) }}
          submit={(v: { party: string }, k) => cmd('serve', v, k)}
        >
          <Form.Item name="party" label={t('送达对象', 'Party')} rules={[{ required: true }]}>
            <Select options={opts('serviceParty').filter((p) => !o.served[p.value])} data-testid="serve-party" />
          </Form.Item>
        </ActionModal>
      )}
      {o.status === 'issued' && (
        <>
          <ActionModal
            label={t('延长', 'Extend')}
            title={t('延长保护令', 'Extend the order')}
            invalidate={KEY}
            submit={(v: { validUntil: dayjs.Dayjs }, k) =>
              cmd('extend', { validUntil: v.validUntil.endOf('day').toISOString() }, k)
            }
          >
            <Form.Item name="validUntil" label={t('新的有效期至', 'New end')} rules={[{ required: true }]}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </ActionModal>
          <ActionModal
            label={t('撤销', 'Revoke')}
            title={t('撤销保护令', 'Revoke the order')}
            buttonProps={{ danger: true }}
            invalidate={KEY}
            submit={(_v, k) => cmd('revoke', {}, k)}
          >
            <Typography.Paragraph>{t('确认撤销此保护令？', 'Revoke this order?')}</Typography.Paragraph>
          </ActionModal>
        </>
      )}
      {o.status === 'issued' && (
        <ActionModal
          label={t('变更措施', 'Change measures')}
          title={t('变更保护令措施', 'Change the measures')}
          invalidate={KEY}
          initialValues={{ measures: o.measures }}
          submit={(v: { measures: string[] }, k) => cmd('change', v, k)}
        >
          <Form.Item name="measures" label={t('措施', 'Measures')} rules={[{ required: true }]}>
            <Select mode="multiple" options={opts('measure')} />
          </Form.Item>
        </ActionModal>
      )}
      {(o.status === 'issued' || o.status === 'rejected') &&
        !o.reconsideration &&
        o.reconsiderBy &&
        dayjs().isBefore(o.reconsiderBy) && (
          <ActionModal
            label={t('申请复议', 'Reconsideration')}
            title={t(
              '记录复议申请（裁定后5日内，第31条）',
              'Record a reconsideration request (within 5 days, Art. 31)',
            )}
            invalidate={KEY}
            initialValues={{ requestedBy: o.status === 'rejected' ? 'applicant' : 'respondent' }}
            submit={(v: { requestedBy: string }, k) => cmd('reconsideration', v, k)}
          >
            <Form.Item name="requestedBy" label={t('申请复议方', 'Requested by')} rules={[{ required: true }]}>
              <Select
                options={opts('serviceParty').filter((p) => p.value === 'applicant' || p.value === 'respondent')}
              />
            </Form.Item>
          </ActionModal>
        )}
      {o.reconsideration === 'pending' && (
        <ActionModal
          label={t('复议决定', 'Decide reconsideration')}
          title={t(
            '复议决定（复议期间保护令不停止执行）',
            'Reconsideration decision (the order stays in force meanwhile)',
          )}
          buttonProps={{ type: 'primary' }}
          invalidate={KEY}
          initialValues={{ outcome: 'upheld', measures: o.measures }}
          submit={(v: { outcome: string; measures?: string[] }, k) =>
            cmd(
              'reconsideration/decision',
              { outcome: v.outcome, ...(v.outcome === 'changed' ? { measures: v.measures } : {}) },
              k,
            )
          }
        >
          <Form.Item name="outcome" label={t('决定', 'Outcome')} rules={[{ required: true }]}>
            <Select
              options={opts('reconsiderationOutcome').filter((x) => o.status === 'issued' || x.value !== 'changed')}
            />
          </Form.Item>
          <Form.Item
            noStyle
            shouldUpdate={(a: { outcome?: string }, b: { outcome?: string }) => a.outcome !== b.outcome}
          >
            {({ getFieldValue }) =>
              getFieldValue('outcome') === 'changed' ? (
                <Form.Item
                  name="measures"
                  label={t('变更后的措施', 'Measures as changed')}
                  rules={[{ required: true }]}
                >
                  <Select mode="multiple" options={opts('measure')} />
                </Form.Item>
              ) : null
            }
          </Form.Item>
        </ActionModal>
      )}
    </Space>
  );
}
