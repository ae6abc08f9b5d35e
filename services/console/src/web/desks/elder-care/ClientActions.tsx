import { App, Checkbox, Col, DatePicker, Divider, Form, InputNumber, Row, Select, Space, Typography } from 'antd';
import { api } from '../../lib/api.ts';
import { useI18n } from '../../lib/i18n.tsx';
import { dayjs, fmtDate } from '../../lib/time.ts';
import { ActionModal } from '../../components/ActionModal.tsx';
import { ASSESSMENT_DOMAINS, assessmentBody, stayDates, type AssessValues } from './forms.ts';

export interface ElderClient {
  id: string;
  caseId: string;
  status: string;
  level: string | null;
  respiteDaysPerYear: number;
}
export interface Facility {
  id: string;
  kind: 'respite_provider' | 'institution';
  name: string;
  street: string | null;
  capacity: number;
  active: boolean;
}

const HOME_SERVICES = ['personal_care', 'meal', 'cleaning', 'health_check', 'rehabilitation', 'companionship'];
export const CLIENTS_KEY = [['elder', 'clients']];

/** The officer's actions on one client: capability assessment, respite stay, home visit, institution bed. */
export function ClientActions({ c, facilities }: { c: ElderClient; facilities: Facility[] }) {
  const { t, l, opts } = useI18n();
  const { message } = App.useApp();
  const post = <R,>(path: string, body: unknown, key: string) =>
    api<R>('elder-care', `/clients/${c.id}/${path}`, { method: 'POST', body, idempotencyKey: key });
  const providers = facilities.filter((f) => f.active && f.kind === 'respite_provider');
  const institutions = facilities.filter((f) => f.active && f.kind === 'institution');
  const facilityOptions = (fs: Facility[]) =>
    fs.map((f) => ({
      value: f.id,
      label: `${f.name}（${l('street', f.street)}，${t('容量', 'capacity')} ${f.capacity}）`,
    }));
  const assessed = c.status === 'assessed';
  return (
    <Space wrap>
      <ActionModal<
        AssessValues,
        { level: string; levelZh: string; totalScore: number; respiteDaysPerYear: number; reassessBy: string }
      >
        label={assessed ? t('复评', 'Reassess') : t('能力评估', 'Assess')}
        title={t('老年人能力评估（GB/T 42195-2022）', 'Capability assessment (GB/T 42195-2022)')}
        testId="elder-assess"
        buttonProps={assessed ? {} : { type: 'primary' }}
        invalidate={CLIENTS_KEY}
        submit={(v, k) => post('assessments', assessmentBody(v), k)}
        onDone={(r) =>
          void message.info(
            t(
              `评估结果：${r.levelZh}（${r.totalScore}分），喘息服务 ${r.respiteDaysPerYear} 天/年，复评时限 ${fmtDate(r.reassessBy)}`,
              `Result: ${l('capabilityLevel', r.level)} (${r.totalScore} points), ${r.respiteDaysPerYear} respite days a year, reassess by ${fmtDate(r.reassessBy)}`,
            ),
          )
        }
      >
        <Typography.Paragraph type="secondary">
          {t(
            '按评估表逐项评分（分值越高能力越好），总分决定能力等级、喘息服务天数和复评时限。',
            'Score each item (higher = more capable); the total sets the level, the respite entitlement and the reassessment date.',
          )}
        </Typography.Paragraph>
        {Object.entries(ASSESSMENT_DOMAINS).map(([domain, items]) => (
          <div key={domain}>
            <Divider orientation="left" plain>
              {l('elderDomain', domain)}（{Object.values(items).reduce((a, b) => a + b, 0)}
              {t('分', ' pts')}）
            </Divider>
            <Row gutter={12}>
              {Object.entries(items).map(([id, max]) => (
                <Col span={12} key={id}>
                  <Form.Item
                    name={['items', id]}
                    label={`${l('elderItem', id)}（0–${max}）`}
                    rules={[{ required: true, message: t('请评分', 'Score this item') }]}
                  >
                    <InputNumber min={0} max={max} precision={0} style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
              ))}
            </Row>
          </div>
        ))}
        <Divider orientation="left" plain>
          {t('等级调整', 'Level adjustments')}
        </Divider>
        <Form.Item name="coma" valuePropName="checked">
          <Checkbox>{t('昏迷', 'Coma')}</Checkbox>
        </Form.Item>
        <Form.Item name="diagnosis" label={t('确诊', 'Diagnosis')}>
          <Select allowClear options={opts('diagnosis')} />
        </Form.Item>
        <Form.Item
          name="careRiskEventsLast30Days"
          label={t('近30天照护风险事件次数', 'Care-risk events in the last 30 days')}
        >
          <InputNumber min={0} max={100} precision={0} />
        </Form.Item>
      </ActionModal>
      {assessed && (
        <ActionModal<{ facilityId: string; stay: [dayjs.Dayjs, dayjs.Dayjs] }>
          label={t('喘息服务', 'Respite')}
          title={t('预约喘息服务', 'Book a respite stay')}
          testId="elder-respite"
          invalidate={CLIENTS_KEY}
          fieldNames={{ startDate: 'stay', endDate: 'stay' }}
          submit={(v, k) => post('respite-bookings', { facilityId: v.facilityId, ...stayDates(v.stay) }, k)}
        >
          <Typography.Paragraph type="secondary">
            {t(
              `能力等级：${l('capabilityLevel', c.level)}；每年可享 ${c.respiteDaysPerYear} 天。`,
              `Level: ${l('capabilityLevel', c.level)}; ${c.respiteDaysPerYear} days a year.`,
            )}
          </Typography.Paragraph>
          <Form.Item name="facilityId" label={t('服务机构', 'Provider')} rules={[{ required: true }]}>
            <Select
              options={facilityOptions(providers)}
              notFoundContent={t(
                '暂无喘息服务机构，请联系管理员添加。',
                'No respite provider yet; ask an administrator to add one.',
              )}
            />
          </Form.Item>
          <Form.Item
            name="stay"
            label={t('入住日期（首日至末日）', 'Stay (first to last day)')}
            rules={[{ required: true }]}
          >
            <DatePicker.RangePicker style={{ width: '100%' }} disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
          </Form.Item>
        </ActionModal>
      )}
      <ActionModal<{ serviceType: string; dueAt: dayjs.Dayjs }>
        label={t('上门服务', 'Home visit')}
        title={t('安排上门服务', 'Schedule a home visit')}
        testId="elder-visit"
        invalidate={CLIENTS_KEY}
        initialValues={{ serviceType: 'personal_care' }}
        submit={(v, k) => post('home-visits', { serviceType: v.serviceType, dueAt: v.dueAt.toISOString() }, k)}
      >
        <Form.Item name="serviceType" label={t('服务项目', 'Service')} rules={[{ required: true }]}>
          <Select options={HOME_SERVICES.map((s) => ({ value: s, label: l('homeService', s) }))} />
        </Form.Item>
        <Form.Item name="dueAt" label={t('上门时间', 'Due at')} rules={[{ required: true }]}>
          <DatePicker showTime style={{ width: '100%' }} disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
        </Form.Item>
      </ActionModal>
      {assessed && (
        <ActionModal<{ facilityId: string }, { status: string }>
          label={t('机构养老', 'Institution bed')}
          title={t(
            '申请机构养老床位（无空床则按困难优先轮候）',
            'Request an institution bed (waitlisted, hardship first, when none is free)',
          )}
          testId="elder-placement"
          invalidate={CLIENTS_KEY}
          submit={(v, k) => post('placements', v, k)}
          onDone={(r) => void message.info(l('elderPlacementStatus', r.status))}
        >
          <Form.Item name="facilityId" label={t('养老机构', 'Institution')} rules={[{ required: true }]}>
            <Select
              options={facilityOptions(institutions)}
              notFoundContent={t(
                '暂无养老机构，请联系管理员添加。',
                'No institution yet; ask an administrator to add one.',
              )}
            />
          </Form.Item>
        </ActionModal>
      )}
    </Space>
  );
}
