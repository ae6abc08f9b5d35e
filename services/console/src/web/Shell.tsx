import { Button, Layout, Menu, Segmented, Space, Spin, Typography } from 'antd';
import { Suspense } from 'react';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { request } from './lib/api.ts';
import { useI18n } from './lib/i18n.tsx';
import { HOME, useSession } from './lib/session.ts';
import { ErrorState, Loading } from './components/States.tsx';

interface Item {
  path: string;
  zh: string;
  en: string;
  roles: string[];
}
export const MENU: Item[] = [
  { path: '/intake/new', zh: '新建案件', en: 'New case', roles: ['hotline_operator'] },
  { path: '/intake/cases', zh: '案件查询', en: 'Case search', roles: ['hotline_operator'] },
  { path: '/cases', zh: '我的案件', en: 'My cases', roles: ['wf_caseworker'] },
  { path: '/reports', zh: '强制报告', en: 'Mandatory reports', roles: ['reporter'] },
  { path: '/police', zh: '派出所工作队列', en: 'Station queue', roles: ['police_officer'] },
  { path: '/court', zh: '保护令', en: 'Protection orders', roles: ['court_clerk'] },
  { path: '/legal-aid', zh: '法律援助申请', en: 'Applications', roles: ['legal_aid_officer'] },
  { path: '/legal-aid/lawyers', zh: '律师名册', en: 'Lawyers', roles: ['legal_aid_officer'] },
  { path: '/shelter', zh: '庇护工作台', en: 'Shelter desk', roles: ['shelter_officer'] },
  { path: '/health', zh: '医疗/心理工作台', en: 'Health desk', roles: ['health_worker'] },
  { path: '/elder-care', zh: '养老服务对象', en: 'Elder-care clients', roles: ['elder_care_officer'] },
  { path: '/oversight', zh: '联动总览', en: 'Dashboard', roles: ['coordinator', 'admin'] },
];

export function Shell() {
  const { t, lang, setLang, l, dept } = useI18n();
  const session = useSession();
  const loc = useLocation();
  const nav = useNavigate();
  const qc = useQueryClient();
  if (session.isPending) return <Spin fullscreen />;
  if (session.error) return <ErrorState error={session.error} retry={() => session.refetch()} />;
  const user = session.data?.user;
  if (!user) return <Navigate to="/sign-in" replace state={{ from: loc.pathname }} />;
  if (loc.pathname === '/') return <Navigate to={HOME[user.role] ?? '/forbidden'} replace />;
  const items = MENU.filter((m) => m.roles.includes(user.role));
  const selected = items
    .filter((m) => loc.pathname === m.path || loc.pathname.startsWith(m.path + '/'))
    .sort((a, b) => b.path.length - a.path.length)[0];
  const signOut = async () => {
    await request('/auth/logout', { method: 'POST' }).catch(() => undefined);
    qc.clear();
    nav('/sign-in', { replace: true });
  };
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 24, paddingInline: 24 }}>
        <Typography.Title level={4} style={{ color: '#fff', margin: 0, whiteSpace: 'nowrap' }}>
          {t('妇女权益联动工作台', 'Linkage console')}
        </Typography.Title>
        <Menu
          theme="dark"
          mode="horizontal"
          style={{ flex: 1, minWidth: 0 }}
          selectedKeys={selected ? [selected.path] : []}
          items={items.map((m) => ({ key: m.path, label: <Link to={m.path}>{lang === 'zh' ? m.zh : m.en}</Link> }))}
        />
        <Space>
          <Typography.Text style={{ color: '#fff' }} data-testid="whoami">
            {l('role', user.role)} · {dept(user.dept)}
          </Typography.Text>
          <Segmented
            size="small"
            value={lang}
            onChange={(v) => setLang(v as 'zh' | 'en')}
            options={[
              { value: 'zh', label: '中文' },
              { value: 'en', label: 'EN' },
            ]}
          />
          <Button size="small" onClick={signOut}>
            {t('退出', 'Sign out')}
          </Button>
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: 24 }}>
        <Suspense fallback={<Loading />}>
          <Outlet context={user} />
        </Suspense>
      </Layout.Content>
    </Layout>
  );
}
