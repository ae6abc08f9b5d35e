import { describe, expect, it } from 'vitest';
import { checkDevDept } from '@linkage/auth';
import { DEFAULT_DEV_ACCOUNTS } from '../src/server/config.ts';

describe('local sign-in accounts', () => {
  it('every account works in a department its role is routed work in (a misspelt dept signs in to empty lists)', () => {
    const wrong = DEFAULT_DEV_ACCOUNTS.map((a) => ({
      ...a,
      problem: checkDevDept(a.role as Parameters<typeof checkDevDept>[0], a.dept),
    })).filter((a) => a.problem !== null);
    expect(wrong).toEqual([]);
  });
});
