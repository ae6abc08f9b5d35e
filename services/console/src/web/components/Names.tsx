import { Tooltip } from 'antd';
import { useI18n } from '../lib/i18n.tsx';

/** A statutory clock's name, with its rule id in a tooltip (and in `data-rule` for the browser tests). */
export function ClockName({ ruleId, serverLabel }: { ruleId: string; serverLabel?: string }) {
  const { clock } = useI18n();
  return (
    <Tooltip title={ruleId}>
      <span data-rule={ruleId}>{clock(ruleId, serverLabel)}</span>
    </Tooltip>
  );
}

/** A department's name, with its code in a tooltip. */
export function DeptName({ code }: { code: string | null | undefined }) {
  const { dept } = useI18n();
  if (!code) return <>{dept(code)}</>;
  return (
    <Tooltip title={code}>
      <span data-dept={code}>{dept(code)}</span>
    </Tooltip>
  );
}
