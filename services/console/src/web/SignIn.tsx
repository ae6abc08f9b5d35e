import { Alert, Button, Card, Divider, Form, Segmented, Select, Space, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Navigate, useNavigate } from 'react-router';
import { api, request } from './lib/api.ts';
import { useI18n } from './lib/i18n.tsx';
import { HOME, useSession, type User } from './lib/session.ts';
import { ErrorState, Loading } from './components/States.tsx';
import { prefetchDesk } from './desks.ts';

export function SignIn() {
  const { t, lang, setLang, l, dept } = useI18n();
  const session = useSession();
  const qc = useQueryClient();
  const nav = useNavigate();
  const [form] = Form.useForm<{ account: string }>();
  const login = useMutation({
    mutationFn: (a: { role: string; dept: string }) =>
      request<{ user: User }>('/auth/dev-login', { method: 'POST', body: a }),
    onSuccess: async (r) => {
      // the operator's form needs the active checklist: ask for it while the session reloads
      if (r.user.role === 'hotline_operator')
        void qc.prefetchQuery({
          queryKey: ['intake', 'risk-checklist'],
          queryFn: () => api('intake', '/risk-checklist'),
          staleTime: 5 * 60_000,
        });
      await qc.invalidateQueries({ queryKey: ['session'] });
      nav(HOME[r.user.role] ?? '/', { replace: true });
    },
  });
  if (session.isPending) return <Loading />;
  if (session.error) return <ErrorState error={session.error} retry={() => session.refetch()} />;
  if (session.data.user) return <Navigate to={HOME[session.data.user.role] ?? '/'} replace />;
  const dev = session.data.signIn.dev;
  return (
    <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f0f2f5' }}>
      <Card style={{ width: 440 }}>
        <Space style={{ width: '100%', justifyContent: 'space-between' }}>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('妇女权益联动工作台', 'Linkage console')}
          </Typography.Title>
          <Segmented
            size="small"
            value={lang}
            onChange={(v) => setLang(v as 'zh' | 'en')}
            options={[
              { value: 'zh', label: '中文' },
              { value: 'en', label: 'EN' },
            ]}
          />
        </Space>
        <Typography.Paragraph type="secondary">
          {t('北仑区妇女儿童权益保障多部门联动平台', 'Beilun District multi-department protection of women')}
        </Typography.Paragraph>
        {session.data.signIn.oidc && (
          <Button type="primary" block href="/auth/oidc/login">
            {t('统一身份认证登录', 'Sign in with the identity provider')}
          </Button>
        )}
        {dev && (
          <>
            {session.data.signIn.oidc && <Divider />}
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 16 }}
              message={t('本地登录仅用于开发与演示环境', 'Local sign-in is for development and demos only')}
            />
            <Form
              form={form}
              layout="vertical"
              onFinish={(v) => {
                const [role, d] = v.account.split('@');
                login.mutate({ role: role!, dept: d! });
              }}
            >
              <Form.Item
                name="account"
                label={t('角色与部门', 'Role and department')}
                rules={[{ required: true, message: t('请选择角色与部门', 'Choose a role and department') }]}
              >
                <Select
                  showSearch
                  optionFilterProp="label"
                  placeholder={t('选择角色与部门', 'Choose a role and department')}
                  options={dev.accounts.map((a) => ({
                    value: `${a.role}@${a.dept}`,
                    label: `${l('role', a.role)} — ${dept(a.dept)}`,
                  }))}
                  data-testid="account-select"
                  onChange={(v: string) => prefetchDesk(v.split('@')[0]!)}
                />
              </Form.Item>
              {login.error && <ErrorState error={login.error} />}
              <Button type="primary" htmlType="submit" block loading={login.isPending} style={{ marginTop: 8 }}>
                {t('登录', 'Sign in')}
              </Button>
            </Form>
          </>
        )}
        {!dev && !session.data.signIn.oidc && (
          <Alert
            type="error"
            message={t('未配置登录方式，请联系管理员。', 'No sign-in is configured; contact the administrator.')}
          />
        )}
      </Card>
    </div>
  );
}
