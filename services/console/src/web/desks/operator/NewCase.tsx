import { App, Button, Col, Form, Input, Modal, Row, Space, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useBlocker } from 'react-router';
import { api, uuid } from '../../lib/api.ts';
import { useI18n } from '../../lib/i18n.tsx';
import type { Checklist, RiskLevel } from '../../lib/risk.ts';
import { RiskChecklist } from '../../components/RiskChecklist.tsx';
import { ErrorState, Loading } from '../../components/States.tsx';
import { CONSENT_DEPTS, toOpenCaseBody, type FormValues } from './new-case/body.ts';
import { OpenedResult, type Opened } from './new-case/Opened.tsx';
import { CallSection, IncidentSection, NeedsConsentSection, VictimSection } from './new-case/sections.tsx';

export default function NewCase() {
  const { t } = useI18n();
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
      <OpenedResult
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
          <CallSection />
          <VictimSection />
          <IncidentSection />
        </Col>
        <Col xs={24} xl={12}>
          <NeedsConsentSection />
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
