import { describe, expect, it } from 'vitest';
import { ROLE_DEPARTMENTS } from '@linkage/auth';
import type { Role } from '@linkage/contracts';
import { CLOCK_RULES } from '../../case-timeline/src/domain/clocks/rules.ts';
import { STAGE_LABELS as STAGES_IN_FORCE } from '../../case-timeline/src/domain/summary/stages.ts';
import { CLOCK_RULE_LABELS, clockRuleLabel, STAGE_LABELS } from '../src/web/lib/labels-clocks.ts';
import { CLOCK_DEPARTMENTS, departmentOptions, STREETS } from '../src/web/lib/departments.ts';
import { deptName } from '../src/web/lib/labels-actors.ts';
import { makeI18n } from '../src/web/lib/i18n.tsx';
import { barChartOption } from '../src/web/desks/coordinator/Chart.tsx';

describe('the console names what the services send as codes', () => {
  it('every clock rule in force has the same zh and en name in the console', () => {
    // (the console may already name a rule that is being added)
    const differ = CLOCK_RULES.filter((r) => {
      const l = CLOCK_RULE_LABELS[r.id];
      return l?.[0] !== r.label.zh || l[1] !== r.label.en;
    }).map((r) => r.id);
    expect(differ).toEqual([]);
    expect(clockRuleLabel('protection_order_ruling', 'zh')).toBe('法院作出人身安全保护令裁定');
    expect(clockRuleLabel('legal_aid_assignment', 'en')).toBe('Lawyer assigned after approval');
    // a rule the console does not know yet: the server's label, else the id
    expect(clockRuleLabel('new_rule', 'zh', '新时限')).toBe('新时限');
    expect(clockRuleLabel('new_rule', 'zh')).toBe('new_rule');
  });

  it("case stages have case-timeline's names in both languages (the English screen showed the stage code)", () => {
    expect(STAGE_LABELS).toEqual(
      Object.fromEntries(Object.entries(STAGES_IN_FORCE).map(([stage, l]) => [stage, [l.zh, l.en]])),
    );
    expect(makeI18n('en', () => {}).l('caseStage', 'in_service')).toBe('With departments');
  });

  it('department codes become names, including the justice bureau and the services acting as system', () => {
    expect(deptName('police:xinqi', 'zh')).toBe('新碶街道派出所');
    expect(deptName('police:district', 'zh')).toBe('全区派出所');
    expect(deptName('justice:beilun', 'zh')).toBe('北仑区司法局');
    expect(deptName('svc:legal-aid', 'zh')).toBe('法律援助系统');
    expect(deptName('committee:xiapu', 'zh')).toBe('霞浦街道居(村)民委员会');
    const i = makeI18n('zh', () => {});
    expect(i.l('role', 'system')).toBe('系统自动处理');
    expect(i.l('role', 'justice_bureau_officer')).toBe('司法行政部门工作人员');
    expect(i.l('role', 'court_clerk')).toBe('法院书记员');
    expect(i.l('ageBand', 'unknown')).toBe('未知');
    expect(i.l('partStatus', 'requested')).toBe('待接收');
  });

  it('the department filter lists every unit a receiving role works in, by name, and keeps units seen in data', () => {
    const listed = CLOCK_DEPARTMENTS.flatMap((g) => g.depts);
    const receiving: Role[] = [
      'police_officer',
      'court_clerk',
      'legal_aid_officer',
      'justice_bureau_officer',
      'shelter_officer',
      'health_worker',
      'elder_care_officer',
      'wf_caseworker',
    ];
    const expected = receiving.flatMap((r) =>
      ROLE_DEPARTMENTS[r].flatMap((tpl) =>
        tpl.endsWith(':<street>') ? STREETS.map((s) => tpl.replace('<street>', s)) : [tpl],
      ),
    );
    expect(expected.filter((d) => !listed.includes(d))).toEqual([]);
    const groups = departmentOptions('zh', ['police:xinqi', 'school:xinqi_primary', null]);
    const options = groups.flatMap((g) => g.options);
    expect(options).toContainEqual({ value: 'police:xinqi', label: '新碶街道派出所' });
    expect(options).toContainEqual({ value: 'court:beilun', label: '北仑区法院' });
    expect(options.filter((o) => o.value === 'police:xinqi')).toHaveLength(1);
    expect(groups.at(-1)).toEqual({
      label: '其他',
      title: '其他',
      options: [{ value: 'school:xinqi_primary', label: '新碶中心小学' }],
    });
    expect(options.every((o) => !o.label.includes(':'))).toBe(true);
  });

  it('bar chart category names wrap instead of being cut off', () => {
    const o = barChartOption([{ name: '家暴受害人法律援助率（应援尽援）', value: 1 }], '#000');
    expect(o.yAxis.axisLabel.overflow).toBe('break');
  });
});
