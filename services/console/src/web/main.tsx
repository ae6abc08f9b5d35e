import { StrictMode, lazy, useMemo, useState, type ComponentType, type LazyExoticComponent } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider, useOutletContext } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { dayjs } from './lib/time.ts';
import { I18nContext, makeI18n } from './lib/i18n.tsx';
import type { Lang } from './lib/labels.ts';
import type { User } from './lib/session.ts';
import { Shell } from './Shell.tsx';
import { SignIn } from './SignIn.tsx';
import { Forbidden } from './components/States.tsx';
import { LOAD } from './desks.ts';

const NewCase = lazy(LOAD.NewCase);
const CaseSearch = lazy(LOAD.CaseSearch);
const MyCases = lazy(LOAD.MyCases);
const CasePage = lazy(LOAD.CasePage);
const Reports = lazy(LOAD.Reports);
const Police = lazy(LOAD.Police);
const Court = lazy(LOAD.Court);
const LegalAid = lazy(LOAD.LegalAid);
const Lawyers = lazy(LOAD.Lawyers);
const Shelter = lazy(LOAD.Shelter);
const Health = lazy(LOAD.Health);
const ElderCare = lazy(LOAD.ElderCare);
const Dashboard = lazy(LOAD.Dashboard);
const Timeline = lazy(LOAD.Timeline);

/** A desk only for the roles it is for; anyone else gets 无权访问 and the desk's code is never loaded. */
function Only({ roles, el: El }: { roles: string[]; el: LazyExoticComponent<ComponentType> }) {
  const user = useOutletContext<User>();
  return roles.includes(user.role) ? <El /> : <Forbidden />;
}

const router = createBrowserRouter([
  { path: '/sign-in', element: <SignIn /> },
  {
    path: '/',
    element: <Shell />,
    children: [
      { path: 'intake/new', element: <Only roles={['hotline_operator']} el={NewCase} /> },
      { path: 'intake/cases', element: <Only roles={['hotline_operator', 'wf_caseworker']} el={CaseSearch} /> },
      { path: 'cases', element: <Only roles={['wf_caseworker']} el={MyCases} /> },
      { path: 'cases/:caseId', element: <Only roles={['wf_caseworker', 'hotline_operator']} el={CasePage} /> },
      { path: 'reports', element: <Only roles={['reporter']} el={Reports} /> },
      { path: 'police', element: <Only roles={['police_officer']} el={Police} /> },
      { path: 'court', element: <Only roles={['court_clerk']} el={Court} /> },
      { path: 'legal-aid', element: <Only roles={['legal_aid_officer']} el={LegalAid} /> },
      { path: 'legal-aid/lawyers', element: <Only roles={['legal_aid_officer']} el={Lawyers} /> },
      { path: 'shelter', element: <Only roles={['shelter_officer']} el={Shelter} /> },
      { path: 'health', element: <Only roles={['health_worker']} el={Health} /> },
      { path: 'elder-care', element: <Only roles={['elder_care_officer']} el={ElderCare} /> },
      { path: 'oversight', element: <Only roles={['coordinator', 'admin']} el={Dashboard} /> },
      { path: 'oversight/cases/:caseId', element: <Only roles={['coordinator', 'admin']} el={Timeline} /> },
      { path: '*', element: <Forbidden /> },
    ],
  },
]);

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // a 4xx will not change by asking again; a 504 already waited the console's whole bound (say so now, not in 90 s)
      retry: (n, err) => {
        const status = (err as { status?: number }).status ?? 0;
        return n < 2 && !(status >= 400 && status < 500) && status !== 504;
      },
      refetchOnWindowFocus: true,
    },
  },
});

function Root() {
  const [lang, setLangState] = useState<Lang>(() => (localStorage.getItem('lang') === 'en' ? 'en' : 'zh'));
  const i18n = useMemo(
    () =>
      makeI18n(lang, (l) => {
        localStorage.setItem('lang', l);
        document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
        dayjs.locale(l === 'zh' ? 'zh-cn' : 'en');
        setLangState(l);
      }),
    [lang],
  );
  dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en');
  return (
    <I18nContext.Provider value={i18n}>
      <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={{ token: { colorPrimary: '#b4236b' } }}>
        <AntApp>
          <QueryClientProvider client={queryClient}>
            <RouterProvider router={router} />
          </QueryClientProvider>
        </AntApp>
      </ConfigProvider>
    </I18nContext.Provider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
