import { Card, Checkbox, Col, DatePicker, Divider, Form, Input, InputNumber, Radio, Row, Select, Switch } from 'antd';
import { useI18n } from '../../../lib/i18n.tsx';
import { CONSENT_DEPTS } from './body.ts';

// The sections of the new-case form (inside its antd Form: each field is named into FormValues, body.ts).

/** The call: channel, category and the caller (who may be anonymous, and when it is safe to call back). */
export function CallSection() {
  const { t, opts } = useI18n();
  return (
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
  );
}

/** The victim: her particulars, her street (it decides the police station) and special protection. */
export function VictimSection() {
  const { t, opts } = useI18n();
  return (
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
  );
}

/** The perpetrator and the incident, and the operator's narrative. */
export function IncidentSection() {
  const { t, opts } = useI18n();
  return (
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
  );
}

/** What she asks for, and her consent per department (yes, no or not asked), in her words. */
export function NeedsConsentSection() {
  const { t, l, opts } = useI18n();
  return (
    <Card size="small" title={t('诉求与同意', 'Needs and consent')} style={{ marginBottom: 16 }}>
      <Form.Item
        name="needs"
        label={t('求助诉求', 'Needs')}
        rules={[{ required: true, type: 'array', min: 1, message: t('至少选择一项诉求', 'Choose at least one need') }]}
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
  );
}
