// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { App } from 'antd';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ReferralQueue } from '../src/web/components/ReferralQueue.tsx';
import Dashboard from '../src/web/desks/coordinator/Dashboard.tsx';
import './jsdom-polyfills.ts';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const answer = (status: number, body: unknown) =>
  vi.fn(
    async () =>
      new Response(JSON.stringify(body), {
        status,
        headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' },
      }),
  );

function renderQueue() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <App>
        <ReferralQueue title="派出所工作队列" />
      </App>
    </QueryClientProvider>,
  );
}

describe('a queue that did not load is not shown as empty', () => {
  it('the service answered too late: no "nothing referred", no "0 awaiting", and the GET is not called a save', async () => {
    vi.stubGlobal('fetch', answer(504, { status: 504, code: 'upstream_timeout', detail: 'too late' }));
    renderQueue();
    await screen.findByText('服务未能及时响应，请稍后重试。', {}, { timeout: 15_000 });
    expect(screen.getByTestId('not-loaded').textContent).toContain('不代表没有记录');
    expect(screen.queryByText(/目前没有转介给本部门的案件/)).toBeNull();
    expect(screen.getByTestId('waiting-count').textContent).toBe('待接收 —');
    expect(screen.queryByText(/可能已保存/)).toBeNull();
  });

  it('a queue that loaded empty says so, with its count', async () => {
    vi.stubGlobal('fetch', answer(200, { items: [] }));
    renderQueue();
    await screen.findByText(/目前没有转介给本部门的案件/, {}, { timeout: 15_000 });
    expect(screen.getByTestId('waiting-count').textContent).toBe('待接收 0');
    expect(screen.queryByTestId('not-loaded')).toBeNull();
  });
});

describe("a queue button's failure", () => {
  it("is told in the user's language, with the service's detail after it", async () => {
    const referral = {
      id: 'r1',
      caseId: '01a22700-0000-7000-8000-000000000001',
      department: 'police',
      assignedDept: 'police:xinqi',
      riskLevel: 'high',
      status: 'requested',
      acceptBy: new Date(Date.now() + 3_600_000).toISOString(),
      createdAt: new Date().toISOString(),
      reasonCode: null,
      street: 'xinqi',
      version: 1,
    };
    vi.stubGlobal(
      'fetch',
      vi.fn(async (_url: string, init?: RequestInit) =>
        init?.method === 'POST'
          ? new Response(
              JSON.stringify({ status: 409, code: 'version_conflict', detail: 'The referral is at version 2.' }),
              { status: 409, headers: { 'content-type': 'application/problem+json' } },
            )
          : new Response(JSON.stringify({ items: [referral] }), {
              status: 200,
              headers: { 'content-type': 'application/json' },
            }),
      ),
    );
    renderQueue();
    fireEvent.click(await screen.findByTestId('accept', {}, { timeout: 15_000 }));
    await screen.findByText(
      '记录已被他人更新或状态已变化，请刷新后重试。 (The referral is at version 2.)',
      {},
      { timeout: 15_000 },
    );
  });
});

describe("the coordinator's figures", () => {
  it('breached and at-risk are shown as unknown (—), not 0, when the clocks did not load', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) =>
        url.includes('/oversight/clocks')
          ? new Response(JSON.stringify({ status: 504, code: 'upstream_timeout', detail: 'too late' }), {
              status: 504,
              headers: { 'content-type': 'application/problem+json' },
            })
          : new Response(JSON.stringify({ status: 503, code: 'upstream_unavailable', detail: 'down' }), {
              status: 503,
              headers: { 'content-type': 'application/problem+json' },
            }),
      ),
    );
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    render(
      <QueryClientProvider client={client}>
        <App>
          <Dashboard />
        </App>
      </QueryClientProvider>,
    );
    await screen.findAllByText('服务未能及时响应，请稍后重试。', {}, { timeout: 15_000 });
    const figure = (title: string) =>
      screen.getByText(title).closest('.ant-statistic')!.querySelector('.ant-statistic-content')!.textContent;
    expect(figure('已超时')).toBe('—');
    expect(figure('即将超时')).toBe('—');
    expect(figure('在办案件')).toBe('—');
  });
});
