/** A deadline's state at `now`, as the coordinator's clocks define it (case-timeline warns at 75 % of the window). */
export type DeadlineState = 'on_track' | 'at_risk' | 'breached' | 'done';

export interface DeadlineView {
  state: DeadlineState;
  /** ms left (negative once breached) */
  remainingMs: number;
  /** "2小时05分" / "2 h 05 min"; "超时 5分" / "5 min overdue" */
  text: string;
}

export const WARN_AT = 0.75;
/** Without a known start, the last hour is "at risk". */
const DEFAULT_WARN_MS = 3_600_000;

export function deadlineView(
  deadline: string | Date,
  now: Date | number,
  o: { startedAt?: string | Date | null; done?: boolean; lang?: 'zh' | 'en' } = {},
): DeadlineView {
  const end = new Date(deadline).getTime();
  const t = typeof now === 'number' ? now : now.getTime();
  const remainingMs = end - t;
  const lang = o.lang ?? 'zh';
  if (o.done) return { state: 'done', remainingMs, text: lang === 'zh' ? '已完成' : 'done' };
  let state: DeadlineState;
  if (remainingMs <= 0) state = 'breached';
  else {
    const start = o.startedAt ? new Date(o.startedAt).getTime() : NaN;
    const warnFrom = Number.isFinite(start) && start < end ? start + (end - start) * WARN_AT : end - DEFAULT_WARN_MS;
    state = t >= warnFrom ? 'at_risk' : 'on_track';
  }
  const d = formatDuration(Math.abs(remainingMs), lang);
  const text =
    state === 'breached' ? (lang === 'zh' ? `已超时 ${d}` : `${d} overdue`) : lang === 'zh' ? `剩余 ${d}` : `${d} left`;
  return { state, remainingMs, text };
}

/** 1 d 02 h / 2小时05分 / 45 s — the two largest units. */
export function formatDuration(ms: number, lang: 'zh' | 'en' = 'zh'): string {
  const s = Math.floor(ms / 1000);
  const days = Math.floor(s / 86_400);
  const hours = Math.floor((s % 86_400) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = s % 60;
  const p = (n: number) => String(n).padStart(2, '0');
  if (lang === 'zh') {
    if (days > 0) return `${days}天${p(hours)}小时`;
    if (hours > 0) return `${hours}小时${p(minutes)}分`;
    if (minutes > 0) return `${minutes}分${p(seconds)}秒`;
    return `${seconds}秒`;
  }
  if (days > 0) return `${days} d ${p(hours)} h`;
  if (hours > 0) return `${hours} h ${p(minutes)} min`;
  if (minutes > 0) return `${minutes} min ${p(seconds)} s`;
  return `${seconds} s`;
}
