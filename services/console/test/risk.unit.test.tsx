// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { scoreChecklist, type Checklist } from '../src/web/lib/risk.ts';
import { RiskChecklist } from '../src/web/components/RiskChecklist.tsx';
import { DASH_V1 } from '../../intake/src/domain/risk/checklist.ts';
import { scoreRisk } from '../../intake/src/domain/risk/checklist.ts';
import './jsdom-polyfills.ts';

const checklist: Checklist = {
  version: DASH_V1.version,
  highThreshold: DASH_V1.highThreshold,
  mediumThreshold: DASH_V1.mediumThreshold,
  items: DASH_V1.items.map((i) => ({ ...i })),
};
const ids = checklist.items.map((i) => i.id);

afterEach(cleanup);

describe('risk checklist score (the console scores as intake will)', () => {
  it('agrees with intake for every number of "yes" answers, and judgement only raises', () => {
    for (let n = 0; n <= ids.length; n++) {
      const yes = ids.slice(0, n);
      for (const j of [undefined, 'standard', 'medium', 'high'] as const) {
        const ours = scoreChecklist(checklist, yes, j);
        const theirs = scoreRisk(yes, j, false, DASH_V1);
        expect({ n, j, level: ours.level, scored: ours.scoredLevel, raised: ours.raisedByJudgement }).toEqual({
          n,
          j,
          level: theirs.level,
          scored: theirs.scoredLevel,
          raised: theirs.raisedByJudgement,
        });
      }
    }
  });

  it('counts each item once and ignores ids not on the checklist', () => {
    const s = scoreChecklist(checklist, [ids[0]!, ids[0]!, 'not_an_item'], null);
    expect(s.yesCount).toBe(1);
    expect(s.toNext).toBe(checklist.mediumThreshold - 1);
  });

  it('updates the score and level live as items are ticked', () => {
    function Harness() {
      const [yes, setYes] = useState<string[]>([]);
      return <RiskChecklist checklist={checklist} value={yes} onChange={setYes} />;
    }
    const { container } = render(<Harness />);
    const level = () => screen.getByTestId('risk-level').getAttribute('data-level');
    expect(screen.getByTestId('risk-score').textContent).toBe('0');
    expect(level()).toBe('standard');
    const boxes = [...container.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')];
    expect(boxes).toHaveLength(ids.length);
    for (let n = 1; n <= checklist.highThreshold; n++) {
      fireEvent.click(boxes[n - 1]!);
      expect(screen.getByTestId('risk-score').textContent).toBe(String(n));
      expect(level()).toBe(
        n >= checklist.highThreshold ? 'high' : n >= checklist.mediumThreshold ? 'medium' : 'standard',
      );
    }
    expect(screen.getByText(/高风险：保存后立即转介公安/)).toBeTruthy();
    // unticking brings it back down
    fireEvent.click(boxes[0]!);
    expect(level()).toBe('medium');
  }, 60_000); // antd's first render in jsdom is slow on a busy 2-core machine
});
