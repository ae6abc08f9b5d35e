import { Alert, Button, Empty, Result, Skeleton } from 'antd';
import type { ReactNode } from 'react';
import { ApiError } from '../lib/api.ts';
import { useI18n } from '../lib/i18n.tsx';

/** What went wrong and what to do next, in the user's language (the service's own detail is in English). */
export function errorSummary(error: unknown, t: (zh: string, en: string) => string): string {
  const e = error instanceof ApiError ? error : undefined;
  return e?.status === 403
    ? t(
        '您的角色无权查看此内容。如需访问，请联系管理员。',
        'Your role may not see this. Ask an administrator if you need access.',
      )
    : e?.status === 412 || e?.status === 409
      ? t(
          '记录已被他人更新或状态已变化，请刷新后重试。',
          'Someone changed this record, or its state moved on; refresh and try again.',
        )
      : e?.status === 404
        ? t('未找到该记录，可能已被删除或您无权查看。', 'Not found — it may not exist or not be yours to see.')
        : e?.status === 0
          ? t('无法连接服务器，请检查网络后重试。', 'The server cannot be reached; check the network and retry.')
          : e?.status === 504 && e.method === 'GET'
            ? t('服务未能及时响应，请稍后重试。', 'The service did not answer in time; retry shortly.')
            : e?.status === 504
              ? t(
                  '服务未能及时响应。您的操作可能已保存，也可能未保存：请刷新查看；再次提交同一表单不会重复保存。',
                  'The service did not answer in time. Your action may or may not be saved: refresh to check; sending the same form again applies it once.',
                )
              : e && e.status >= 500
                ? t(
                    '服务暂时不可用，请稍后重试；如持续出现请联系运维。',
                    'The service is unavailable; retry shortly, and call operations if it persists.',
                  )
                : t('请求未成功，请重试。', 'The request failed; please retry.');
}

/** The summary and the service's own detail, on one line (a toast after a button's command failed). */
export function errorLine(error: unknown, t: (zh: string, en: string) => string): string {
  const detail = error instanceof ApiError ? error.detail : '';
  return detail ? `${errorSummary(error, t)} (${detail})` : errorSummary(error, t);
}

/** What went wrong, and what to do next. */
export function ErrorState({ error, retry }: { error: unknown; retry?: () => void }) {
  const { t } = useI18n();
  const e = error instanceof ApiError ? error : undefined;
  const what = errorSummary(error, t);
  return (
    <Alert
      type="error"
      showIcon
      message={what}
      description={e?.detail}
      action={retry ? <Button onClick={retry}>{t('重试', 'Retry')}</Button> : undefined}
    />
  );
}

export function Loading() {
  return <Skeleton active paragraph={{ rows: 4 }} />;
}

export function EmptyState({ children }: { children: ReactNode }) {
  return <Empty description={children} />;
}

export function Forbidden() {
  const { t } = useI18n();
  return (
    <Result
      status="403"
      title={t('无权访问', 'No access')}
      subTitle={t(
        '此页面不属于您的工作台。请使用左侧菜单返回您的工作台。',
        'This page is not part of your desk. Use the menu to return to your desk.',
      )}
    />
  );
}

/** Render a query's loading / error / empty / data states. */
export function QueryView<T>({
  q,
  empty,
  children,
}: {
  q: { isPending: boolean; error: unknown; data: T | undefined; refetch: () => unknown };
  empty?: (d: T) => ReactNode | null;
  children: (d: T) => ReactNode;
}) {
  if (q.isPending) return <Loading />;
  if (q.error || q.data === undefined) return <ErrorState error={q.error} retry={() => q.refetch()} />;
  const e = empty?.(q.data);
  return <>{e ?? children(q.data)}</>;
}

/**
 * A list's "nothing here" only once it has loaded: a list that failed to load is not known to be empty (a queue that
 * says "nothing referred to you" while the service is down would hide a referral), and one still loading says nothing.
 */
export function EmptyText({ loaded, failed, children }: { loaded: boolean; failed: boolean; children: ReactNode }) {
  const { t } = useI18n();
  if (loaded) return <>{children}</>;
  if (!failed) return null;
  return (
    <span data-testid="not-loaded">
      {t('列表未能加载（见上方提示），不代表没有记录。', 'The list did not load (see above); it may not be empty.')}
    </span>
  );
}
