import { Card, Col, Form, Input, Progress, Row, Select, Space, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { useI18n } from '../../lib/i18n.tsx';
import { ActionModal } from '../../components/ActionModal.tsx';
import { ReferralQueue, type Referral } from '../../components/ReferralQueue.tsx';
import { QueryView } from '../../components/States.tsx';

interface Shelter {
  id: string;
  dept: string;
  label: string;
  street: string | null;
  capacity: number;
  occupied: number;
  available: number;
}

export default function ShelterDesk() {
  const { t, l } = useI18n();
  const beds = useQuery({
    queryKey: ['dv', 'shelters'],
    queryFn: () => api<{ items: Shelter[] }>('dv-referral', '/shelters/availability'),
    refetchInterval: 5000,
  });
  const place = (r: Referral) =>
    r.status === 'accepted' || r.status === 'in_progress' ? (
      <ActionModal
        label={t('安置入住', 'Place')}
        title={t('安排床位（满员时不可超额安置）', 'Place her (never over capacity)')}
        invalidate={[
          ['dv', 'shelters'],
          ['dv', 'referrals'],
        ]}
        submit={(v: { shelterId: string; person?: string }, k) =>
          api('dv-referral', `/shelters/${v.shelterId}/placements`, {
            method: 'POST',
            idempotencyKey: k,
            body: { caseId: r.caseId, referralId: r.id, ...(v.person ? { person: v.person } : {}) },
          })
        }
      >
        <Form.Item name="shelterId" label={t('庇护场所', 'Shelter')} rules={[{ required: true }]}>
          <Select
            options={(beds.data?.items ?? []).map((s) => ({
              value: s.id,
              label: `${s.label}（${t('空床', 'free')} ${s.available}）`,
              disabled: s.available <= 0,
            }))}
          />
        </Form.Item>
        <Form.Item name="person" label={t('入住人员说明（加密）', 'Who (encrypted)')}>
          <Input maxLength={1000} />
        </Form.Item>
      </ActionModal>
    ) : null;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title={
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('床位看板', 'Beds board')}
          </Typography.Title>
        }
      >
        <QueryView
          q={beds}
          empty={(d) =>
            d.items.length ? null : (
              <Typography.Text type="secondary">
                {t('尚未登记庇护场所，请联系管理员登记。', 'No shelters registered; ask the administrator.')}
              </Typography.Text>
            )
          }
        >
          {(d) => (
            <Row gutter={16}>
              {d.items.map((s) => (
                <Col key={s.id} xs={24} md={8}>
                  <Card size="small" title={s.label} extra={l('street', s.street)}>
                    <Progress
                      percent={Math.round((s.occupied / s.capacity) * 100)}
                      status={s.available === 0 ? 'exception' : 'active'}
                    />
                    {t(
                      `已用 ${s.occupied} / ${s.capacity}，空床 ${s.available}`,
                      `${s.occupied} of ${s.capacity} used, ${s.available} free`,
                    )}
                  </Card>
                </Col>
              ))}
            </Row>
          )}
        </QueryView>
      </Card>
      <ReferralQueue title={t('庇护转介队列', 'Shelter referrals')} actions={place} />
    </Space>
  );
}
