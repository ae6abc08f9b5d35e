import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { request, setCsrfToken } from './api.ts';

export interface User {
  sub: string;
  role: string;
  dept: string;
  streets: string[];
  expiresAt: string;
  via: 'dev' | 'oidc';
}
export interface SessionInfo {
  user: User | null;
  csrfToken: string;
  signIn: { dev: { accounts: { role: string; dept: string }[] } | null; oidc: boolean };
}

export async function fetchSession(): Promise<SessionInfo> {
  const s = await request<SessionInfo>('/auth/session');
  setCsrfToken(s.csrfToken);
  return s;
}

export function useSession() {
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['session'], queryFn: fetchSession, staleTime: 60_000 });
  useEffect(() => {
    const onOut = () => void qc.invalidateQueries({ queryKey: ['session'] });
    window.addEventListener('linkage:signed-out', onOut);
    return () => window.removeEventListener('linkage:signed-out', onOut);
  }, [qc]);
  return q;
}

/** Where each role starts. */
export const HOME: Record<string, string> = {
  hotline_operator: '/intake/new',
  wf_caseworker: '/cases',
  reporter: '/reports',
  police_officer: '/police',
  court_clerk: '/court',
  legal_aid_officer: '/legal-aid',
  shelter_officer: '/shelter',
  health_worker: '/health',
  elder_care_officer: '/elder-care',
  coordinator: '/oversight',
  admin: '/oversight',
};
