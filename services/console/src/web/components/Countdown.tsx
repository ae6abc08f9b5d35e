import { Tag, Tooltip } from 'antd';
import { useEffect, useState } from 'react';
import { deadlineView } from '../lib/deadline.ts';
import { useI18n } from '../lib/i18n.tsx';
import { fmtTime } from '../lib/time.ts';

/** The current time, re-rendering every `ms`. */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(id);
  }, [ms]);
  return now;
}

const COLOR = { on_track: 'green', at_risk: 'orange', breached: 'red', done: 'default' } as const;

/** A live countdown to a deadline: green on track, amber at risk, red breached. */
export function Countdown({
  deadline,
  startedAt,
  done,
  now: fixedNow,
}: {
  deadline: string | null | undefined;
  startedAt?: string | null;
  done?: boolean;
  now?: number;
}) {
  const { lang } = useI18n();
  const ticking = useNow(1000);
  if (!deadline) return <span>—</span>;
  const v = deadlineView(deadline, fixedNow ?? ticking, { startedAt: startedAt ?? null, done: done ?? false, lang });
  return (
    <Tooltip title={fmtTime(deadline)}>
      <Tag color={COLOR[v.state]} data-state={v.state} data-testid="countdown">
        {v.text}
      </Tag>
    </Tooltip>
  );
}
