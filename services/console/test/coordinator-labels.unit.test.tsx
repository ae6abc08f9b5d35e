// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { MemoryRouter } from 'react-router';
import type { ReactNode } from 'react';
import { I18nContext, makeI18n } from '../src/web/lib/i18n.tsx';
import { ResponseTimesTable } from '../src/web/desks/coordinator/ResponseTimes.tsx';
import { AttentionFilters, AttentionTable } from '../src/web/desks/coordinator/AttentionClocks.tsx';
import { IndicatorTable } from '../src/web/desks/coordinator/Indicators.tsx';
import { CaseTimelineView, type TimelineData } from '../src/web/desks/coordinator/CaseTimeline.tsx';
import { StatusSummaryTable } from '../src/web/desks/caseworker/case/Departments.tsx';
import type { ClockFilter } from '../src/web/desks/coordinator/oversight.ts';
import './jsdom-polyfills.ts';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const inLang = (lang: 'zh' | 'en', ui: ReactNode) =>
  render(
    <QueryClientProvider client={new QueryClient()}>
      <MemoryRouter>
        <I18nContext.Provider value={makeI18n(lang, () => {})}>{ui}</I18nContext.Provider>
      </MemoryRouter>
    </QueryClientProvider>,
  );

const rt = (ruleId: string, dept: string) => ({
  ruleId,
  dept,
  count: 1,
  medianHours: 0.5,
  p90Hours: 1,
  metOnTime: 1,
  late: 0,
});

describe('coordinator screens show names, not codes', () => {
  it('the response-time table names each clock and department', () => {
    const { container } = inLang(
      'zh',
      <ResponseTimesTable
        items={[rt('protection_order_ruling', 'court:beilun'), rt('legal_aid_assignment', 'legal_aid:beilun')]}
      />,
    );
    expect(screen.getByText('法院作出人身安全保护令裁定')).toBeTruthy();
    expect(screen.getByText('批准后指派律师')).toBeTruthy();
    expect(screen.getByText('北仑区法院')).toBeTruthy();
    expect(container.textContent).not.toContain('protection_order_ruling');
    expect(container.textContent).not.toContain('legal_aid:beilun');
    // the id stays on the element (tooltip, browser tests)
    expect(container.querySelector('[data-rule="protection_order_ruling"]')?.textContent).toBe(
      '法院作出人身安全保护令裁定',
    );
  });

  it('the attention list names clocks in the chosen language (the server sends zh only)', () => {
    const { container } = inLang(
      'en',
      <AttentionTable
        items={[
          {
            clockId: 'c1',
            ruleId: 'protection_order_ruling',
            label: '法院作出人身安全保护令裁定',
            caseId: '01a223a8-cd4d-7000-a5e3-61ded6eb4d78',
            caseNumber: 'BL-2026-000001',
            dept: 'police:district',
            street: 'xinqi',
            severity: 'critical',
            state: 'breached',
            deadline: '2026-11-29T00:00:00.000Z',
            overdueHours: 2,
          },
        ]}
      />,
    );
    expect(screen.getByText('Court rules on a protection order')).toBeTruthy();
    expect(screen.getByText('Police station District')).toBeTruthy();
    expect(container.textContent).not.toContain('police:district');
  });

  it('the attention filter chooses a department by name from a list and sends its code', async () => {
    const onChange = vi.fn<(f: ClockFilter) => void>();
    const { container } = inLang('zh', <AttentionFilters value={{ state: 'breached' }} onChange={onChange} />);
    expect(container.querySelector('input[placeholder*="部门代码"]')).toBeNull();
    const select = screen.getByTestId('attention-dept');
    const input = within(select).getByRole('combobox');
    fireEvent.mouseDown(input);
    fireEvent.change(input, { target: { value: '新碶街道派出' } });
    const option = await screen.findByText('新碶街道派出所', { selector: '.ant-select-item-option-content' });
    fireEvent.click(option);
    await waitFor(() => expect(onChange).toHaveBeenCalledWith({ state: 'breached', dept: 'police:xinqi' }));
  });

  it('indicators are listed by their full names', () => {
    inLang(
      'zh',
      <IndicatorTable
        items={[
          {
            id: 'legal_aid_rate',
            zh: '家暴受害人法律援助率（应援尽援）',
            en: 'Legal aid rate',
            definition: 'd',
            value: 1,
          },
        ]}
      />,
    );
    expect(screen.getByText('家暴受害人法律援助率（应援尽援）')).toBeTruthy();
  });

  it("a case's timeline names clocks, roles and departments, including the services acting as system", async () => {
    const data: TimelineData = {
      caseId: 'c',
      entries: [
        {
          eventId: 'e1',
          type: 'legal_aid.application.received.v1',
          occurredAt: '2026-11-29T03:36:35.000Z',
          source: 'linkage/legal-aid',
          actor: { role: 'system', dept: 'svc:legal-aid' },
          summary: '法律援助机构收到申请',
          clocks: [{ clockId: 'k1', ruleId: 'legal_aid_decision', effect: 'started', state: 'pending' }],
        },
      ],
      clocks: [
        {
          clockId: 'k1',
          ruleId: 'legal_aid_decision',
          label: '法律援助机构作出是否给予援助的决定',
          state: 'pending',
          severity: 'normal',
          dept: 'legal_aid:beilun',
          startedAt: '2026-11-29T03:36:35.000Z',
          deadline: '2026-12-08T00:00:00.000Z',
          completedAt: null,
        },
      ],
    };
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(JSON.stringify(data), { headers: { 'content-type': 'application/json' } })),
    );
    const { container } = inLang('zh', <CaseTimelineView caseId="c" />);
    await screen.findByText('开始计时 法律援助机构作出是否给予援助的决定', {}, { timeout: 15_000 });
    expect(screen.getByText(/系统自动处理 · 法律援助系统/)).toBeTruthy();
    expect(screen.getByText('北仑区法律援助中心')).toBeTruthy();
    expect(container.textContent).not.toContain('legal_aid_decision');
    expect(container.textContent).not.toContain('svc');
  });

  it("the caseworker's status table names each part and its status", () => {
    const { container } = inLang(
      'zh',
      <StatusSummaryTable
        rows={[
          {
            ref: 'dv.referral:r1',
            service: 'dv',
            department: 'police',
            assignedDept: 'police:xinqi',
            status: 'requested',
            dueAt: null,
            at: '2026-11-29T03:37:00.000Z',
          },
          {
            ref: 'legal_aid.application:a1',
            service: 'legal_aid',
            department: 'legal_aid',
            assignedDept: null,
            status: 'lawyer_assigned',
            dueAt: null,
            at: '2026-11-29T03:37:00.000Z',
          },
        ]}
      />,
    );
    expect(screen.getByText('反家暴转介')).toBeTruthy();
    expect(screen.getByText('待接收')).toBeTruthy();
    expect(screen.getByText('已指派律师')).toBeTruthy();
    expect(container.textContent).not.toMatch(/requested|lawyer_assigned|\bdv\b/);
  });
});
