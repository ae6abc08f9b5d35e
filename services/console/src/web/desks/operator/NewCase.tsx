import {
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Descriptions,
  Divider,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Radio,
  Result,
  Row,
  Select,
  Space,
  Switch,
  Tag,
  Typography,
} from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useBlocker } from 'react-router';
import type { Dayjs } from 'dayjs';
import { api, uuid } from '../../lib/api.ts';
import { useI18n } from '../../lib/i18n.tsx';
import type { Checklist, RiskLevel } from '../../lib/risk.ts';
import { RiskChecklist, LEVEL_COLOR } from '../../components/RiskChecklist.tsx';
import { ErrorState, Loading } from '../../components/States.tsx';

const CONSENT_DEPTS = ['police', 'court', 'legal_aid', 'shelter', 'health', 'elder_care'] as const;

interface Opened {
  id: string;
  caseNumber: string;
  riskLevel: string;
  risk: { yesCount: number; level: string; checklistVersion: string };
  repeat: boolean;
  duplicates: {
    caseId: string;
    caseNumber: string;
    matchedOn: string[];
    withinRepeatWindow: boolean;
    status?: string;
  }[];
  referrals: { requestId: string; target: string; consentBasis: string }[];
  withheld: { target: string; reason: string }[];
}

type FormValues = {
  channel: string;
  category: string;
  caller?: {
    anonymous?: boolean;
    relation?: string;
    name?: string;
    phone?: string;
    safeToCallBack?: boolean;
    safeTime?: string;
  };
  victim?: {
    name?: string;
    sex?: string;
    age?: number;
    phone?: string;
    address?: string;
    street?: string;
    protection?: string[];
  };
  perpetrator?: { relation?: string; name?: string };
  incident?: { occurredAt?: Dayjs; place?: string; violenceTypes?: string[]; description?: string };
  needs: string[];
  consent?: Record<string, 'yes' | 'no' | 'unasked'>;
  wishes?: string;
  narrative?: string;
};

const clean = (o: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(o).filter(
      ([, v]) => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0),
    ),
  );

/** The form's values as intake's OpenCaseBody. */
export function toOpenCaseBody(v: FormValues, yes: string[], judgement: RiskLevel | null, judgementReason: string) {
  const caller = v.caller?.relation
    ? clean({
        anonymous: !!v.caller.anonymous,
        relation: v.caller.relation,
        name: v.caller.name,
        phone: v.caller.phone,
        safeToCallBack: !!v.caller.safeToCallBack,
        safeTime: v.caller.safeTime,
      })
    : undefined;
  const protection = v.victim?.protection?.length
    ? Object.fromEntries(v.victim.protection.map((p) => [p, true]))
    : undefined;
  const victim = v.victim
    ? clean({
        name: v.victim.name,
        sex: v.victim.sex,
        age: v.victim.age,
        phone: v.victim.phone,
        address: v.victim.address,
        street: v.victim.street,
        protection,
      })
    : undefined;
  const incident = v.incident
    ? clean({
        occurredAt: v.incident.occurredAt?.toISOString(),
        place: v.incident.place,
        street: v.victim?.street,
        description: v.incident.description,
      })
    : undefined;
  const consent = Object.fromEntries(
    Object.entries(v.consent ?? {})
      .filter(([, c]) => c !== 'unasked')
      .map(([d, c]) => [d, c === 'yes']),
  );
  return clean({
    channel: v.channel,
    category: v.category,
    caller,
    victim: victim && Object.keys(victim).length ? victim : undefined,
    perpetrator: v.perpetrator?.relation
      ? clean({ relation: v.perpetrator.relation, name: v.perpetrator.name })
      : undefined,
    incident: incident ? { ...incident, violenceTypes: v.incident?.violenceTypes ?? [] } : undefined,
    needs: v.needs ?? [],
    risk: { yes, ...(judgement ? { judgement, judgementReason: judgementReason || undefined } : {}) },
    consent: Object.keys(consent).length ? consent : undefined,
    wishes: v.wishes,
    narrative: v.narrative,
  });
}

export default function NewCase() {
  const { t, l, opts } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const [yes, setYes] = useState<string[]>([]);
  const [judgement, setJudgement] = useState<RiskLevel | null>(null);
  const [judgementReason, setJudgementReason] = useState('');
  const [dirty, setDirty] = useState(false);
  const [submissionKey, setSubmissionKey] = useState(uuid);
  const [opened, setOpened] = useState<Opened | null>(null);
  const checklist = useQuery({
    queryKey: ['intake', 'risk-checklist'],
    queryFn: () => api<Checklist>('intake', '/risk-checklist'),
    staleTime: 5 * 60_000,
  });

  const save = useMutation({
    mutationFn: (body: unknown) =>
      api<Opened>('intake', '/cases', { method: 'POST', body, idempotencyKey: submissionKey }),
    onSuccess: (o) => {
      setOpened(o);
      setDirty(false);
      setSubmissionKey(uuid());
      void qc.invalidateQueries({ queryKey: ['intake', 'cases'] });
    },
  });

  // Leaving with unsaved input: ask first (in-app navigation and closing the tab).
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) => dirty && currentLocation.pathname !== nextLocation.pathname,
  );
  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    Modal.confirm({
      title: t('离开此页面？', 'Leave this page?'),
      content: t('表单中有未保存的内容，离开后将丢失。', 'The form has unsaved input; it will be lost.'),
      okText: t('离开', 'Leave'),
      cancelText: t('留下', 'Stay'),
      onOk: () => blocker.proceed(),
      onCancel: () => blocker.reset(),
    });
  }, [blocker, t]);
  useEffect(() => {
    if (!dirty) return;
    const h = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', h);
    return () => window.removeEventListener('beforeunload', h);
  }, [dirty]);

  if (opened)
    return (
      <Opened
        o={opened}
        onNew={() => {
          setOpened(null);
          form.resetFields();
          setYes([]);
          setJudgement(null);
          setJudgementReason('');
        }}
      />
    );
  if (checklist.isPending) return <Loading />;
  if (checklist.error) return <ErrorState error={checklist.error} retry={() => checklist.refetch()} />;

  return (
    <Form<FormValues>
      form={form}
      layout="vertical"
      initialValues={{
        channel: 'hotline_12338',
        category: 'domestic_violence',
        needs: [],
        caller: { relation: 'self', anonymous: false, safeToCallBack: true },
        victim: { sex: 'female' },
        consent: Object.fromEntries(CONSENT_DEPTS.map((d) => [d, 'unasked'])),
      }}
      onValuesChange={() => setDirty(true)}
      onFinish={(v) => save.mutate(toOpenCaseBody(v, yes, judgement, judgementReason))}
      data-testid="new-case-form"
    >
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('新建案件', 'New case')}
        </Typography.Title>
        {dirty && <Tag color="gold">{t('有未保存的内容', 'Unsaved input')}</Tag>}
      </Space>
      <Row gutter={16}>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('来电与类别', 'Call and category')} style={{ marginBottom: 16 }}>
            <Row gutter={12}>
              <Col span={12}>
                <Form.Item name="channel" label={t('来源渠道', 'Channel')} rules={[{ required: true }]}>
                  <Select options={opts('channel').filter((o) => o.value !== 'mandatory_report')} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="category" label={t('案件类别', 'Category')} rules={[{ required: true }]}>
                  <Select options={opts('category')} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name={['caller', 'relation']} label={t('来电人与当事人关系', 'Caller is')}>
                  <Select options={opts('callerRelation')} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name={['caller', 'name']} label={t('来电人姓名', 'Caller name')}>
                  <Input maxLength={100} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item
                  name={['caller', 'phone']}
                  label={t('来电号码', 'Caller phone')}
                  rules={[{ pattern: /^\+?[0-9 -]{5,20}$/, message: t('号码格式不正确', 'Not a phone number') }]}
                >
                  <Input maxLength={20} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name={['caller', 'anonymous']} label={t('匿名', 'Anonymous')} valuePropName="checked">
                  <Switch />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item
                  name={['caller', 'safeToCallBack']}
                  label={t('可以回拨', 'Safe to call back')}
                  valuePropName="checked"
                >
                  <Switch />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name={['caller', 'safeTime']} label={t('安全联系时间', 'Safe time')}>
                  <Input maxLength={100} />
                </Form.Item>
              </Col>
            </Row>
          </Card>
          <Card size="small" title={t('当事人（受害人）', 'Victim')} style={{ marginBottom: 16 }}>
            <Row gutter={12}>
              <Col span={8}>
                <Form.Item name={['victim', 'name']} label={t('姓名', 'Name')}>
                  <Input maxLength={100} data-testid="victim-name" />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name={['victim', 'sex']} label={t('性别', 'Sex')}>
                  <Select options={opts('sex')} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name={['victim', 'age']} label={t('年龄', 'Age')}>
                  <InputNumber min={0} max={120} style={{ width: '100%' }} data-testid="victim-age" />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item
                  name={['victim', 'phone']}
                  label={t('电话', 'Phone')}
                  rules={[{ pattern: /^\+?[0-9 -]{5,20}$/, message: t('号码格式不正确', 'Not a phone number') }]}
                >
                  <Input maxLength={20} data-testid="victim-phone" />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item
                  name={['victim', 'street']}
                  label={t('所在街道', 'Street')}
                  rules={[
                    {
                      required: true,
                      message: t('请选择街道（决定转介的派出所）', 'Choose the street (it decides the police station)'),
                    },
                  ]}
                >
                  <Select
                    options={opts('street').filter((o) => !['district', 'beilun'].includes(o.value))}
                    data-testid="victim-street"
                  />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name={['victim', 'address']} label={t('住址', 'Address')}>
                  <Input maxLength={300} />
                </Form.Item>
              </Col>
              <Col span={24}>
                <Form.Item name={['victim', 'protection']} label={t('特殊保护情形', 'Special protection')}>
                  <Checkbox.Group options={opts('protectionFlag')} />
                </Form.Item>
              </Col>
            </Row>
          </Card>
          <Card size="small" title={t('加害人与事件', 'Perpetrator and incident')} style={{ marginBottom: 16 }}>
            <Row gutter={12}>
              <Col span={12}>
                <Form.Item name={['perpetrator', 'relation']} label={t('与当事人关系', 'Relation to her')}>
                  <Select allowClear options={opts('perpetratorRelation')} data-testid="perpetrator-relation" />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name={['perpetrator', 'name']} label={t('加害人姓名', 'Name')}>
                  <Input maxLength={100} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name={['incident', 'occurredAt']} label={t('发生时间', 'When')}>
                  <DatePicker showTime style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name={['incident', 'place']} label={t('发生地点', 'Where')}>
                  <Input maxLength={300} />
                </Form.Item>
              </Col>
              <Col span={24}>
                <Form.Item name={['incident', 'violenceTypes']} label={t('暴力类型', 'Violence')}>
                  <Checkbox.Group options={opts('violenceType')} />
                </Form.Item>
              </Col>
              <Col span={24}>
                <Form.Item name="narrative" label={t('情况记录', 'Narrative')}>
                  <Input.TextArea rows={3} maxLength={10_000} data-testid="narrative" />
                </Form.Item>
              </Col>
            </Row>
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('诉求与同意', 'Needs and consent')} style={{ marginBottom: 16 }}>
            <Form.Item
              name="needs"
              label={t('求助诉求', 'Needs')}
              rules={[
                { required: true, type: 'array', min: 1, message: t('至少选择一项诉求', 'Choose at least one need') },
              ]}
            >
              <Checkbox.Group options={opts('need')} data-testid="needs" />
            </Form.Item>
            <Divider style={{ margin: '8px 0' }}>{t('当事人对各部门的同意', 'Her consent, per department')}</Divider>
            {CONSENT_DEPTS.map((d) => (
              <Form.Item key={d} name={['consent', d]} label={l('consentDepartment', d)} style={{ marginBottom: 8 }}>
                <Radio.Group
                  data-consent={d}
                  options={[
                    { value: 'yes', label: t('同意', 'Yes') },
                    { value: 'no', label: t('不同意', 'No') },
                    { value: 'unasked', label: t('未询问', 'Not asked') },
                  ]}
                  optionType="button"
                  size="small"
                />
              </Form.Item>
            ))}
            <Form.Item name="wishes" label={t('当事人意愿（原话）', 'Her wishes, in her words')}>
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
          </Card>
          <RiskChecklist
            checklist={checklist.data}
            value={yes}
            onChange={(v) => {
              setYes(v);
              setDirty(true);
            }}
            judgement={judgement}
            onJudgement={(j) => {
              setJudgement(j);
              setDirty(true);
            }}
          />
          {judgement && (
            <Input.TextArea
              style={{ marginTop: 8 }}
              rows={2}
              placeholder={t('专业判断理由', 'Reason for the judgement')}
              value={judgementReason}
              onChange={(e) => setJudgementReason(e.target.value)}
              maxLength={1000}
            />
          )}
        </Col>
      </Row>
      {save.error && <ErrorState error={save.error} />}
      <Space style={{ marginTop: 16 }}>
        <Button type="primary" htmlType="submit" size="large" loading={save.isPending} data-testid="save-case">
          {t('保存并转介', 'Save and refer')}
        </Button>
        <Button
          onClick={() => {
            form.resetFields();
            setYes([]);
            setJudgement(null);
            setDirty(false);
            void message.info(t('已清空', 'Cleared'));
          }}
        >
          {t('清空', 'Clear')}
        </Button>
      </Space>
    </Form>
  );
}

function Opened({ o, onNew }: { o: Opened; onNew: () => void }) {
  const { t, l } = useI18n();
  const qc = useQueryClient();
  const [decided, setDecided] = useState<Record<string, string>>({});
  const decide = useMutation({
    mutationFn: ({ other, d }: { other: string; d: 'link' | 'dismiss' }) =>
      api<{ status: string }>('intake', `/cases/${o.id}/duplicates/${other}/${d}`, { method: 'POST' }),
    onSuccess: (r, v) => {
      setDecided((x) => ({ ...x, [v.other]: r.status }));
      void qc.invalidateQueries({ queryKey: ['intake', 'cases'] });
    },
  });
  return (
    <Result
      status="success"
      title={
        <span>
          {t('案件已建立：', 'Case opened: ')}
          <span data-testid="case-number">{o.caseNumber}</span>
        </span>
      }
      subTitle={
        <Space>
          <Tag color={LEVEL_COLOR[o.riskLevel]} data-testid="opened-risk">
            {t('风险等级', 'Risk')}: {l('riskLevel', o.riskLevel)}
          </Tag>
          {o.repeat && <Tag color="volcano">{t('12个月内重复求助', 'Repeat within 12 months')}</Tag>}
        </Space>
      }
      extra={[
        <Button type="primary" key="new" onClick={onNew}>
          {t('继续新建', 'Open another')}
        </Button>,
        <Link key="search" to="/intake/cases">
          <Button>{t('案件查询', 'Case search')}</Button>
        </Link>,
      ]}
    >
      <Descriptions bordered size="small" column={1}>
        <Descriptions.Item label={t('已发出的转介', 'Referrals sent')}>
          <List
            size="small"
            dataSource={o.referrals}
            locale={{ emptyText: t('无（未获同意或无相应诉求）', 'None (no consent or no matching need)') }}
            renderItem={(r) => (
              <List.Item data-testid="referral-sent">
                {l('referralTarget', r.target)} · {t('依据', 'basis')}: {l('consentBasis', r.consentBasis)}
              </List.Item>
            )}
          />
        </Descriptions.Item>
        {o.withheld.length > 0 && (
          <Descriptions.Item label={t('未转介（缺少同意）', 'Withheld (no consent)')}>
            {o.withheld.map((w) => (
              <Tag key={w.target}>{l('referralTarget', w.target)}</Tag>
            ))}
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('可能为同一当事人的既往案件', 'Earlier cases that may be hers')}>
          <List
            size="small"
            dataSource={o.duplicates}
            locale={{ emptyText: t('未发现', 'None found') }}
            renderItem={(d) => (
              <List.Item
                data-testid="duplicate"
                actions={
                  decided[d.caseId]
                    ? [<Tag key="s">{l('duplicateStatus', decided[d.caseId])}</Tag>]
                    : [
                        <Button key="l" size="small" onClick={() => decide.mutate({ other: d.caseId, d: 'link' })}>
                          {t('确认关联', 'Link')}
                        </Button>,
                        <Button key="d" size="small" onClick={() => decide.mutate({ other: d.caseId, d: 'dismiss' })}>
                          {t('排除', 'Dismiss')}
                        </Button>,
                      ]
                }
              >
                {d.caseNumber} · {t('匹配', 'matched on')}: {d.matchedOn.join('、')}{' '}
                {d.withinRepeatWindow && <Tag color="volcano">{t('12个月内', 'within 12 months')}</Tag>}
              </List.Item>
            )}
          />
          {decide.error && <ErrorState error={decide.error} />}
        </Descriptions.Item>
      </Descriptions>
    </Result>
  );
}
