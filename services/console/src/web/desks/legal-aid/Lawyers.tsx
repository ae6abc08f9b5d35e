import { Card, Form, Input, InputNumber, Select, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { useI18n } from '../../lib/i18n.tsx';
import { ActionModal } from '../../components/ActionModal.tsx';
import { QueryView } from '../../components/States.tsx';

export interface Lawyer {
  id: string;
  name: string;
  organisation: string;
  gender: string;
  practiceAreas: string[];
  activeCases: number;
  maxCases: number;
  active: boolean;
}

export default function Lawyers() {
  const { t, l, opts } = useI18n();
  const q = useQuery({
    queryKey: ['legal-aid', 'lawyers'],
    queryFn: () => api<{ items: Lawyer[] }>('legal-aid', '/lawyers'),
  });
  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('律师名册', 'Lawyer registry')}
        </Typography.Title>
      }
      extra={
        <ActionModal
          label={t('登记律师', 'Register a lawyer')}
          title={t('登记律师或法律援助机构', 'Register a lawyer')}
          buttonProps={{ type: 'primary', size: 'middle' }}
          invalidate={[['legal-aid', 'lawyers']]}
          initialValues={{ gender: 'female', maxCases: 10, practiceAreas: ['divorce', 'dv_protection_order'] }}
          submit={(v: Record<string, unknown>, k) =>
            api('legal-aid', '/lawyers', { method: 'POST', body: v, idempotencyKey: k })
          }
        >
          <Form.Item name="name" label={t('姓名', 'Name')} rules={[{ required: true }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="organisation" label={t('执业机构', 'Organisation')} rules={[{ required: true }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="gender" label={t('性别', 'Gender')} rules={[{ required: true }]}>
            <Select options={opts('sex').filter((o) => o.value !== 'unknown')} />
          </Form.Item>
          <Form.Item name="practiceAreas" label={t('擅长领域', 'Practice areas')} rules={[{ required: true }]}>
            <Select mode="multiple" options={opts('matterType')} />
          </Form.Item>
          <Form.Item name="maxCases" label={t('最大承办数', 'Max cases')} rules={[{ required: true }]}>
            <InputNumber min={1} max={200} />
          </Form.Item>
        </ActionModal>
      }
    >
      <QueryView q={q}>
        {(d) => (
          <Table<Lawyer>
            rowKey="id"
            dataSource={d.items}
            locale={{ emptyText: t('名册为空，请先登记律师。', 'The registry is empty; register a lawyer.') }}
            columns={[
              { title: t('姓名', 'Name'), dataIndex: 'name', sorter: (a, b) => a.name.localeCompare(b.name) },
              { title: t('机构', 'Organisation'), dataIndex: 'organisation' },
              {
                title: t('性别', 'Gender'),
                dataIndex: 'gender',
                render: (v: string) => l('sex', v),
                filters: [
                  { text: l('sex', 'female'), value: 'female' },
                  { text: l('sex', 'male'), value: 'male' },
                ],
                onFilter: (v, r) => r.gender === v,
              },
              {
                title: t('领域', 'Areas'),
                dataIndex: 'practiceAreas',
                render: (v: string[]) => v.map((x) => <Tag key={x}>{l('matterType', x)}</Tag>),
              },
              {
                title: t('在办/上限', 'Load'),
                render: (_: unknown, r) => `${r.activeCases}/${r.maxCases}`,
                sorter: (a, b) => a.activeCases / a.maxCases - b.activeCases / b.maxCases,
              },
            ]}
          />
        )}
      </QueryView>
    </Card>
  );
}
