import { Alert, Card, Checkbox, Col, Progress, Row, Select, Space, Statistic, Tag, Typography } from 'antd';
import { scoreChecklist, type Checklist, type RiskLevel } from '../lib/risk.ts';
import { useI18n } from '../lib/i18n.tsx';

export const LEVEL_COLOR: Record<string, string> = { standard: 'green', medium: 'orange', high: 'red' };

/** The active checklist, scored as items are ticked (the same rule intake applies on save). */
export function RiskChecklist({
  checklist,
  value,
  onChange,
  judgement,
  onJudgement,
}: {
  checklist: Checklist;
  value: string[];
  onChange: (yes: string[]) => void;
  judgement?: RiskLevel | null;
  onJudgement?: (j: RiskLevel | null) => void;
}) {
  const { t, l, lang } = useI18n();
  const s = scoreChecklist(checklist, value, judgement);
  return (
    <Card
      size="small"
      title={t(`风险评估（${checklist.version}）`, `Risk checklist (${checklist.version})`)}
      extra={
        <Space data-testid="risk-summary">
          <span>
            {t('已勾选', 'Yes')}: <b data-testid="risk-score">{s.yesCount}</b> / {checklist.items.length}
          </span>
          <Tag color={LEVEL_COLOR[s.level]} data-testid="risk-level" data-level={s.level}>
            {t('风险等级', 'Level')}: {l('riskLevel', s.level)}
          </Tag>
        </Space>
      }
    >
      <Row gutter={16} style={{ marginBottom: 12 }}>
        <Col span={8}>
          <Statistic
            title={t('“是”的数量', '“Yes” answers')}
            value={s.yesCount}
            suffix={`/ ${checklist.items.length}`}
          />
        </Col>
        <Col span={16}>
          <Progress
            percent={Math.round((s.yesCount / checklist.highThreshold) * 100)}
            showInfo={false}
            strokeColor={
              LEVEL_COLOR[s.scoredLevel] === 'green'
                ? '#52c41a'
                : LEVEL_COLOR[s.scoredLevel] === 'orange'
                  ? '#fa8c16'
                  : '#f5222d'
            }
          />
          <Typography.Text type="secondary">
            {s.toNext === null
              ? t(
                  `已达高风险阈值（${checklist.highThreshold} 项）`,
                  `High-risk threshold reached (${checklist.highThreshold})`,
                )
              : t(
                  `再勾选 ${s.toNext} 项达到${s.scoredLevel === 'standard' ? '中' : '高'}风险`,
                  `${s.toNext} more to reach ${s.scoredLevel === 'standard' ? 'medium' : 'high'}`,
                )}
          </Typography.Text>
        </Col>
      </Row>
      {s.level === 'high' && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          message={t(
            '高风险：保存后立即转介公安（1小时内受理），并可依法越过同意转介。',
            'High risk: on saving, police get the referral with a 1-hour clock; referral may proceed without consent.',
          )}
        />
      )}
      <Checkbox.Group value={value} onChange={(v) => onChange(v as string[])} style={{ width: '100%' }}>
        <Row gutter={[8, 4]}>
          {checklist.items.map((item, n) => (
            <Col span={12} key={item.id}>
              <Checkbox value={item.id} data-item={item.id}>
                {n + 1}. {lang === 'zh' ? item.zh : item.en}
              </Checkbox>
            </Col>
          ))}
        </Row>
      </Checkbox.Group>
      {onJudgement && (
        <Space style={{ marginTop: 12 }}>
          <span>{t('专业判断（只可上调）', 'Professional judgement (may only raise)')}:</span>
          <Select
            allowClear
            style={{ width: 140 }}
            value={judgement ?? undefined}
            onChange={(v) => onJudgement((v as RiskLevel | undefined) ?? null)}
            options={(['standard', 'medium', 'high'] as const).map((x) => ({ value: x, label: l('riskLevel', x) }))}
          />
          {s.raisedByJudgement && <Tag color="purple">{t('已依专业判断上调', 'Raised by judgement')}</Tag>}
        </Space>
      )}
    </Card>
  );
}
