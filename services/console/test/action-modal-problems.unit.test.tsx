// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App, Form, InputNumber } from 'antd';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { problemFields } from '../src/web/lib/api.ts';
import { ActionModal } from '../src/web/components/ActionModal.tsx';
import './jsdom-polyfills.ts';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('Problem Details next to the fields they name', () => {
  it('maps body pointers to form name paths, renames, merges, and leaves query/params to the form message', () => {
    expect(
      problemFields(
        [
          { path: 'body/items/eating', message: 'must be <= 4' },
          { path: '/startDate', message: 'in the past' },
          { path: 'body/endDate', message: 'before the start' },
          { path: 'body/items/eating', message: 'must be <= 4' },
          { path: 'querystring/status', message: 'unknown' },
          { path: 'params/clientId', message: 'not a uuid' },
          { path: 'body', message: 'must be object' },
        ],
        { startDate: 'stay', endDate: 'stay' },
      ),
    ).toEqual([
      { name: ['items', 'eating'], errors: ['must be <= 4'] },
      { name: ['stay'], errors: ['in the past', 'before the start'] },
    ]);
  });

  it('a 400 from the service shows its message under the named field, and the summary above the buttons', async () => {
    const fetchMock = vi.fn(
      async () =>
        new Response(
          JSON.stringify({
            type: 'about:blank',
            title: 'Bad Request',
            status: 400,
            code: 'validation_failed',
            detail: 'The request is not valid.',
            errors: [{ path: 'body/items/eating', message: 'must be <= 4' }],
          }),
          {
            status: 400,
            headers: { 'content-type': 'application/problem+json' },
          },
        ),
    );
    vi.stubGlobal('fetch', fetchMock);
    const { api } = await import('../src/web/lib/api.ts');
    render(
      <QueryClientProvider client={new QueryClient()}>
        <App>
          <ActionModal<{ items: { eating: number } }>
            label="评估"
            title="能力评估"
            submit={(v, k) =>
              api('elder-care', '/clients/x/assessments', { method: 'POST', body: v, idempotencyKey: k })
            }
          >
            <Form.Item name={['items', 'eating']} label="进食">
              <InputNumber aria-label="进食" />
            </Form.Item>
            <Form.Item name="other" label="其他">
              <InputNumber aria-label="其他" />
            </Form.Item>
          </ActionModal>
        </App>
      </QueryClientProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: /评\s*估/ }));
    fireEvent.change(await screen.findByLabelText('进食', {}, { timeout: 15_000 }), { target: { value: '3' } });
    fireEvent.click(screen.getByRole('button', { name: /提\s*交/ }));
    const fieldError = await screen.findByText('must be <= 4', {}, { timeout: 15_000 });
    // the message sits in the 进食 item, not in another field
    const item = fieldError.closest('.ant-form-item')!;
    expect(item.textContent).toContain('进食');
    expect(item.textContent).not.toContain('其他');
    await waitFor(() => expect(screen.getByText('The request is not valid.')).toBeTruthy(), { timeout: 15_000 });
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [, init] = fetchMock.mock.calls[0]! as unknown as [string, RequestInit];
    expect((init.headers as Record<string, string>)['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('a 504 (the service answered too late) says it may be saved, and sending again reuses the Idempotency-Key', async () => {
    const fetchMock = vi.fn(
      async () =>
        new Response(
          JSON.stringify({ status: 504, code: 'upstream_timeout', detail: 'The service did not answer in time.' }),
          { status: 504, headers: { 'content-type': 'application/problem+json' } },
        ),
    );
    vi.stubGlobal('fetch', fetchMock);
    const { api } = await import('../src/web/lib/api.ts');
    render(
      <QueryClientProvider client={new QueryClient()}>
        <App>
          <ActionModal<{ n: number }>
            label="记录"
            title="记录"
            submit={(v, k) =>
              api('dv-referral', '/referrals/x/callouts', { method: 'POST', body: v, idempotencyKey: k })
            }
          >
            <Form.Item name="n" label="数">
              <InputNumber aria-label="数" />
            </Form.Item>
          </ActionModal>
        </App>
      </QueryClientProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: /记\s*录/ }));
    fireEvent.change(await screen.findByLabelText('数', {}, { timeout: 15_000 }), { target: { value: '1' } });
    fireEvent.click(screen.getByRole('button', { name: /提\s*交/ }));
    await screen.findByText(/可能已保存，也可能未保存/, {}, { timeout: 15_000 });
    fireEvent.click(screen.getByRole('button', { name: /提\s*交/ }));
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(2), { timeout: 15_000 });
    const key = (i: number) =>
      ((fetchMock.mock.calls[i]! as unknown as [string, RequestInit])[1].headers as Record<string, string>)[
        'idempotency-key'
      ];
    expect(key(0)).toMatch(/^[0-9a-f-]{36}$/);
    expect(key(1)).toBe(key(0));
  });
});
