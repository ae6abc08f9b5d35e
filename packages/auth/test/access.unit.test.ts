import { describe, expect, it } from 'vitest';
import { allows, holds, mayList, streetFilter, type Policy, type Principal } from '../src/index.ts';

const p = (dept: string, streets: string[] = [], role: Principal['role'] = 'wf_caseworker'): Principal => ({
  sub: 's',
  role,
  dept,
  streets,
});

describe('holds: department + jurisdiction in one rule', () => {
  it('needs the caller’s department among the holders', () => {
    expect(holds(p('wf:district'), { depts: ['wf:district'] })).toBe(true);
    expect(holds(p('wf:xinqi'), { depts: ['wf:district'] })).toBe(false);
    expect(holds(p('wf:district'), { depts: [null, undefined, 'police:xinqi', 'wf:district'] })).toBe(true);
  });
  it('a record held by nobody (owner unknown) is closed, not open', () => {
    expect(holds(p('wf:district'), { depts: [] })).toBe(false);
    expect(holds(p('wf:district'), { depts: [null] })).toBe(false);
  });
  it('needs the record’s street within the caller’s streets when the token names streets', () => {
    expect(holds(p('wf:district', ['xinqi']), { depts: ['wf:district'], street: 'xinqi' })).toBe(true);
    expect(holds(p('wf:district', ['xinqi']), { depts: ['wf:district'], street: 'daqi' })).toBe(false);
    expect(holds(p('wf:district', ['xinqi']), { depts: ['wf:district'], street: null })).toBe(false);
    expect(holds(p('wf:district'), { depts: ['wf:district'], street: null })).toBe(true);
    expect(holds(p('wcw:district', ['xinqi'], 'coordinator'), { street: 'daqi' })).toBe(false);
    expect(holds(p('wcw:district', [], 'coordinator'), { street: 'daqi' })).toBe(true);
  });
  it('gives lists the same street rule', () => {
    expect(streetFilter(p('x:y'))).toBeNull();
    expect(streetFilter(p('x:y', ['daqi']))).toEqual(['daqi']);
  });
});

describe('policy: fails closed', () => {
  const policy: Policy<'read' | 'list', { ownerDept: string }> = {
    read: { roles: ['wf_caseworker'], record: (who, r) => holds(who, { depts: [r.ownerDept] }) },
    list: { roles: ['wf_caseworker'] },
  };
  it('refuses a record-checked action when no record is given', () => {
    expect(allows(policy, p('wf:district'), 'read')).toBe(false);
    expect(allows(policy, p('wf:district'), 'read', { ownerDept: 'wf:district' })).toBe(true);
    expect(allows(policy, p('wf:district'), 'read', { ownerDept: 'wf:xinqi' })).toBe(false);
    expect(mayList(policy, p('wf:district'), 'read')).toBe(true);
    expect(mayList(policy, p('wf:district', [], 'coordinator'), 'read')).toBe(false);
    expect(allows(policy, p('wf:district'), 'list')).toBe(true);
  });
});
