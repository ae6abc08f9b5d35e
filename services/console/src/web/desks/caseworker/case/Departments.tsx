import { Card, Col, Descriptions, Form, Input, List, Row, Select, Table, Tag } from 'antd';
import { api } from '../../../lib/api.ts';
import { useI18n } from '../../../lib/i18n.tsx';
import { statusPartOf } from '../../../lib/labels-case.ts';
import { fmtTime } from '../../../lib/time.ts';
import { ActionModal } from '../../../components/ActionModal.tsx';
import { Countdown } from '../../../components/Countdown.tsx';
import { LEVEL_COLOR } from '../../../components/RiskChecklist.tsx';
import { DeptName } from '../../../components/Names.tsx';
import type { CaseView, StatusRow } from './types.ts';

/** Each department's part of the case and where it stands, by name (codes in tooltips). */
export function StatusSummaryTable({ rows }: { rows: StatusRow[] }) {
  const { t, l } = useI18n();
  return (
    <Table<StatusRow>
      rowKey="ref"
      size="small"
      pagination={false}
      dataSource={rows}
      locale={{ emptyText: t('各部门尚未反馈', 'No department has reported yet') }}
      columns={[
        {
          title: t('部门', 'Department'),
          render: (_: unknown, s) =>
            s.assignedDept ? <DeptName code={s.assignedDept} /> : l('statusPart', statusPartOf(s.ref, s.service)),
        },
        { title: t('事项', 'Part'), render: (_: unknown, s) => l('statusPart', statusPartOf(s.ref, s.service)) },
        { title: t('状态', 'Status'), dataIndex: 'status', render: (v: string) => l('partStatus', v) },
        { title: t('期限', 'Due'), dataIndex: 'dueAt', render: (v: string | null) => <Countdown deadline={v} /> },
        { title: t('更新', 'At'), dataIndex: 'at', render: (v: string) => fmtTime(v) },
      ]}
    />
  );
}

/** Consent per department and the audited overrides (a caseworker may override with a reason). */
function Consent({ c, caseworker, invalidate }: { c: CaseView; caseworker: boolean; invalidate: unknown[][] }) {
  const { t, l, opts } = useI18n();
  return (
    <Card size="small" title={t('同意与越过同意（留痕）', 'Consent and audited overrides')}>
      <Descriptions size="small" column={2}>
        {Object.entries(c.consent).map(([d, v]) => (
          <Descriptions.Item key={d} label={l('consentDepartment', d)}>
            {v === true ? (
              <Tag color="green">{t('同意', 'yes')}</Tag>
            ) : v === false ? (
              <Tag color="red">{t('不同意', 'no')}</Tag>
            ) : (
              <Tag>{t('未询问', 'not asked')}</Tag>
            )}
            {c.overrides.includes(d) && <Tag color="purple">{t('已越过', 'overridden')}</Tag>}
          </Descriptions.Item>
        ))}
      </Descriptions>
      {caseworker && (
        <ActionModal
          label={t('越过同意', 'Override consent')}
          title={t('越过同意（须说明理由，全程留痕）', 'Override a missing consent (reason required; audited)')}
          invalidate={invalidate}
          submit={(v: Record<string, unknown>, k) =>
            api('intake', `/cases/${c.id}/consent-overrides`, { method: 'POST', body: v, idempotencyKey: k })
          }
        >
          <Form.Item name="department" label={t('部门', 'Department')} rules={[{ required: true }]}>
            <Select options={opts('consentDepartment')} />
          </Form.Item>
          <Form.Item
            name="reason"
            label={t('理由（至少10字）', 'Reason (10+ characters)')}
            rules={[{ required: true, min: 10 }]}
          >
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
        </ActionModal>
      )}
    </Card>
  );
}

/** The 各部门进展 tab: each department's part, consent and overrides, risk screenings. */
export function DepartmentsTab({
  c,
  caseworker,
  invalidate,
}: {
  c: CaseView;
  caseworker: boolean;
  invalidate: unknown[][];
}) {
  const { t, l } = useI18n();
  return (
    <Row gutter={16}>
      <Col xs={24} lg={12}>
        <Card size="small" title={t('各部门办理状态', "Each department's part")}>
          <StatusSummaryTable rows={c.statusSummary} />
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Consent c={c} caseworker={caseworker} invalidate={invalidate} />
        <Card size="small" title={t('风险评估记录', 'Risk screenings')} style={{ marginTop: 16 }}>
          <List
            size="small"
            dataSource={c.riskAssessments}
            renderItem={(r) => (
              <List.Item>
                {fmtTime(r.assessedAt)} · {r.checklistVersion} · {r.yesCount} ·{' '}
                <Tag color={LEVEL_COLOR[r.level]}>{l('riskLevel', r.level)}</Tag>
              </List.Item>
            )}
          />
        </Card>
      </Col>
    </Row>
  );
}
