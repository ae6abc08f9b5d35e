import { Button, Descriptions, List, Result, Space, Tag } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../../lib/api.ts';
import { useI18n } from '../../../lib/i18n.tsx';
import { LEVEL_COLOR } from '../../../components/RiskChecklist.tsx';
import { ErrorState } from '../../../components/States.tsx';

/** What intake answers when a case is opened: its number, risk, referrals sent and withheld, possible duplicates. */
export interface Opened {
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

/** The case is open: what was referred, what was withheld, and earlier cases that may be hers (link or dismiss). */
export function OpenedResult({ o, onNew }: { o: Opened; onNew: () => void }) {
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
