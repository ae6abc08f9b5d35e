// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, render, screen } from '@testing-library/react';
import { deadlineView, formatDuration } from '../src/web/lib/deadline.ts';
import { Countdown } from '../src/web/components/Countdown.tsx';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const H = 3_600_000;

describe('deadline countdown', () => {
  const start = Date.parse('2026-11-28T10:00:00Z');
  const deadline = new Date(start + 4 * H).toISOString();

  it('is on track, then at risk from 75 % of the window, then breached after the deadline', () => {
    expect(deadlineView(deadline, start + 1 * H, { startedAt: new Date(start).toISOString() }).state).toBe('on_track');
    expect(deadlineView(deadline, start + 3 * H - 1, { startedAt: new Date(start).toISOString() }).state).toBe(
      'on_track',
    );
    expect(deadlineView(deadline, start + 3 * H, { startedAt: new Date(start).toISOString() }).state).toBe('at_risk');
    expect(deadlineView(deadline, start + 4 * H - 1, { startedAt: new Date(start).toISOString() }).state).toBe(
      'at_risk',
    );
    expect(deadlineView(deadline, start + 4 * H, { startedAt: new Date(start).toISOString() }).state).toBe('breached');
    expect(deadlineView(deadline, start + 5 * H, { startedAt: new Date(start).toISOString() })).toMatchObject({
      state: 'breached',
      remainingMs: -H,
      text: '已超时 1小时00分',
    });
  });

  it('without a known start, the last hour is at risk; a finished step is done whatever the time', () => {
    expect(deadlineView(deadline, start + 4 * H - H - 1).state).toBe('on_track');
    expect(deadlineView(deadline, start + 4 * H - H + 1).state).toBe('at_risk');
    expect(deadlineView(deadline, start + 9 * H, { done: true }).state).toBe('done');
  });

  it('formats the two largest units, in Chinese and English', () => {
    expect(formatDuration(26 * H + 5 * 60_000)).toBe('1天02小时');
    expect(formatDuration(2 * H + 5 * 60_000 + 9000)).toBe('2小时05分');
    expect(formatDuration(65_000)).toBe('1分05秒');
    expect(formatDuration(9000, 'en')).toBe('9 s');
    expect(formatDuration(2 * H + 5 * 60_000, 'en')).toBe('2 h 05 min');
  });

  it('ticks every second and turns amber, then red, without a re-render from outside', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    const now = Date.parse('2026-11-28T10:00:00Z');
    vi.setSystemTime(now);
    render(<Countdown deadline={new Date(now + 4000).toISOString()} startedAt={new Date(now - 8000).toISOString()} />);
    const tag = () => screen.getByTestId('countdown');
    // 8 s of a 12 s window gone: 67 % — on track
    expect(tag().getAttribute('data-state')).toBe('on_track');
    expect(tag().textContent).toBe('剩余 4秒');
    act(() => vi.advanceTimersByTime(1000));
    expect(tag().getAttribute('data-state')).toBe('at_risk');
    expect(tag().textContent).toBe('剩余 3秒');
    act(() => vi.advanceTimersByTime(3000));
    expect(tag().getAttribute('data-state')).toBe('breached');
    expect(tag().textContent).toBe('已超时 0秒');
    act(() => vi.advanceTimersByTime(2000));
    expect(tag().textContent).toBe('已超时 2秒');
  }, 60_000); // antd's first render in jsdom is slow on a busy 2-core machine
});
