import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';

/** What case-timeline's /oversight endpoints answer (services/case-timeline/src/routes/oversight.ts). */
export interface OpenCases {
  byStage: { stage: string; label: string; cases: number }[];
  byDepartment: { dept: string; cases: number }[];
}
export interface ClockItem {
  clockId: string;
  ruleId: string;
  label: string;
  caseId: string;
  caseNumber: string | null;
  dept: string | null;
  street: string | null;
  severity: string;
  state: string;
  deadline: string | null;
  overdueHours: number | null;
}
export interface Indicator {
  id: string;
  zh: string;
  en: string;
  definition: string;
  value: number | null;
}
export interface ClockCompliance {
  ruleId: string;
  label: string;
  metOnTime: number;
  breached: number;
  open: number;
  complianceRate: number | null;
}
export interface Indicators {
  indicators: Indicator[];
  clockCompliance: ClockCompliance[];
}
export interface ResponseTime {
  ruleId: string;
  dept: string | null;
  count: number;
  medianHours: number | null;
  p90Hours: number | null;
  metOnTime: number;
  late: number;
}
export interface ClockFilter {
  state?: string;
  dept?: string;
  severity?: string;
}

/** The dashboard's four queries, refreshed while it is open. */
export function useOversight(p: { street: string | undefined; clockF: ClockFilter; from: string; to: string }) {
  const { street, clockF, from, to } = p;
  const open = useQuery({
    queryKey: ['oversight', 'open', street],
    queryFn: () => api<OpenCases>('case-timeline', '/oversight/open-cases', { query: { street } }),
    refetchInterval: 10_000,
  });
  const clocks = useQuery({
    queryKey: ['oversight', 'clocks', street, clockF],
    queryFn: () => api<{ items: ClockItem[] }>('case-timeline', '/oversight/clocks', { query: { street, ...clockF } }),
    refetchInterval: 5000,
  });
  const ind = useQuery({
    queryKey: ['oversight', 'indicators', from, to, street],
    queryFn: () => api<Indicators>('case-timeline', '/oversight/indicators', { query: { from, to, street } }),
  });
  const rt = useQuery({
    queryKey: ['oversight', 'rt', from, to],
    queryFn: () =>
      api<{ items: ResponseTime[] }>('case-timeline', '/oversight/response-times', { query: { from, to } }),
  });
  return { open, clocks, ind, rt };
}
