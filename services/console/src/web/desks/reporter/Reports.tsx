import { App, Button, Card, Col, Form, Input, InputNumber, Result, Row, Select, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, uuid } from '../../lib/api.ts';
import { useI18n } from '../../lib/i18n.tsx';
import { fmtTime } from '../../lib/time.ts';
import { errorLine, QueryView } from '../../components/States.tsx';

interface Receipt {
  receiptNumber: string;
  status: string;
  receivedAt: string;
}

/** A reporter files a mandatory report (ADVL Art. 14) and sees her own receipts — nothing else. */
export default function Reports() {
  const { t, l, opts } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const [key, setKey] = useState(uuid);
  const [last, setLast] = useState<Receipt | null>(null);
  const mine = useQuery({
    queryKey: ['intake', 'my-reports'],
    queryFn: () => api<{ items: Receipt[] }>('intake', '/mandatory-reports'),
    refetchInterval: 15_000,
  });
  const file = useMutation({
    mutationFn: (v: Record<string, unknown>) =>
      api<Receipt>('intake', '/mandatory-reports', { method: 'POST', idempotencyKey: key, body: v }),
    onSuccess: (r) => {
      setLast(r);
      setKey(uuid());
      form.resetFields();
      void message.success(t('报告已提交', 'Report filed'));
      void qc.invalidateQueries({ queryKey: ['intake', 'my-reports'] });
    },
    onError: (e) => void message.error(errorLine(e, t)),
  });
  return (
    <Row gutter={16}>
      <Col xs={24} lg={14}>
        <Card
          title={
            <Typography.Title level={4} style={{ margin: 0 }}>
              {t('提交强制报告（反家庭暴力法第14条）', 'File a mandatory report (ADVL Art. 14)')}
            </Typography.Title>
          }
        >
          {last && (
            <Result
              status="success"
              title={t(`回执号：${last.receiptNumber}`, `Receipt: ${last.receiptNumber}`)}
              subTitle={t(
                '公安机关已收到转介。请保存回执号以便查询进度。',
                'The police have been referred. Keep the receipt number to follow it.',
              )}
            />
          )}
          <Form
            form={form}
            layout="vertical"
            initialValues={{ reporterKind: 'school', capacity: 'minor' }}
            onFinish={(v: {
              reporterKind: string;
              capacity: string;
              contactName?: string;
              contactPhone?: string;
              victimAge?: number;
              victimStreet?: string;
              relation?: string;
              narrative?: string;
            }) =>
              file.mutate({
                reporterKind: v.reporterKind,
                capacity: v.capacity,
                ...(v.contactName || v.contactPhone
                  ? {
                      reporterContact: {
                        ...(v.contactName ? { name: v.contactName } : {}),
                        ...(v.contactPhone ? { phone: v.contactPhone } : {}),
                      },
                    }
                  : {}),
                victim: {
                  ...(v.victimAge !== undefined ? { age: v.victimAge } : {}),
                  ...(v.victimStreet ? { street: v.victimStreet } : {}),
                },
                ...(v.relation ? { perpetrator: { relation: v.relation } } : {}),
                ...(v.narrative ? { narrative: v.narrative } : {}),
              })
            }
          >
            <Row gutter={12}>
              <Col span={12}>
                <Form.Item
                  name="reporterKind"
                  label={t('报告单位类型', 'Reporting institution')}
                  rules={[{ required: true }]}
                >
                  <Select options={opts('reporterKind')} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="capacity" label={t('当事人属于', 'The person is')} rules={[{ required: true }]}>
                  <Select options={opts('capacity')} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="contactName" label={t('联系人（保密）', 'Contact (confidential)')}>
                  <Input maxLength={100} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item
                  name="contactPhone"
                  label={t('联系电话', 'Phone')}
                  rules={[{ pattern: /^\+?[0-9 -]{5,20}$/, message: t('号码格式不正确', 'Not a phone number') }]}
                >
                  <Input maxLength={20} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="victimAge" label={t('当事人年龄', 'Age')}>
                  <InputNumber min={0} max={120} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="victimStreet" label={t('街道', 'Street')} rules={[{ required: true }]}>
                  <Select options={opts('street').filter((o) => !['district', 'beilun'].includes(o.value))} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="relation" label={t('疑似加害人关系', 'Suspected abuser')}>
                  <Select allowClear options={opts('perpetratorRelation')} />
                </Form.Item>
              </Col>
              <Col span={24}>
                <Form.Item name="narrative" label={t('发现的情况', 'What you saw')}>
                  <Input.TextArea rows={4} maxLength={10_000} />
                </Form.Item>
              </Col>
            </Row>
            <Button type="primary" htmlType="submit" loading={file.isPending}>
              {t('提交报告', 'File the report')}
            </Button>
          </Form>
        </Card>
      </Col>
      <Col xs={24} lg={10}>
        <Card title={t('我的回执', 'My receipts')}>
          <QueryView q={mine}>
            {(d) => (
              <Table<Receipt>
                rowKey="receiptNumber"
                size="small"
                dataSource={d.items}
                locale={{ emptyText: t('您还没有提交过报告。', 'You have not filed a report yet.') }}
                pagination={{ pageSize: 10 }}
                columns={[
                  { title: t('回执号', 'Receipt'), dataIndex: 'receiptNumber' },
                  {
                    title: t('提交时间', 'Filed'),
                    dataIndex: 'receivedAt',
                    sorter: (a, b) => a.receivedAt.localeCompare(b.receivedAt),
                    defaultSortOrder: 'descend',
                    render: (v: string) => fmtTime(v),
                  },
                  {
                    title: t('进度', 'Status'),
                    dataIndex: 'status',
                    render: (v: string) => <Tag>{l('receiptStatus', v)}</Tag>,
                  },
                ]}
              />
            )}
          </QueryView>
        </Card>
      </Col>
    </Row>
  );
}
