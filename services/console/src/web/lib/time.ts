import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import 'dayjs/locale/zh-cn';

dayjs.extend(utc);
dayjs.extend(timezone);

export const TZ = 'Asia/Shanghai';

/** A timestamp as Beijing time: 2026-11-28 18:05 */
export function fmtTime(iso: string | null | undefined, withSeconds = false): string {
  if (!iso) return '—';
  return dayjs(iso)
    .tz(TZ)
    .format(withSeconds ? 'YYYY-MM-DD HH:mm:ss' : 'YYYY-MM-DD HH:mm');
}

export function fmtDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  return dayjs(iso).tz(TZ).format('YYYY-MM-DD');
}

/** Today in Beijing, YYYY-MM-DD. */
export function beijingToday(offsetDays = 0): string {
  return dayjs().tz(TZ).add(offsetDays, 'day').format('YYYY-MM-DD');
}

export { dayjs };
