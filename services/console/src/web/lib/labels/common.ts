import type { LabelGroups } from './types.ts';

/** People and places: roles, departments and their kinds, streets, named units. */
export const COMMON_LABELS: LabelGroups = {
  role: {
    hotline_operator: ['12338 热线接线员', '12338 hotline operator'],
    wf_caseworker: ['妇联个案工作者', "Women's federation caseworker"],
    reporter: ['强制报告责任人', 'Mandatory reporter'],
    police_officer: ['派出所民警', 'Police officer'],
    court_clerk: ['法院书记员', 'Court clerk'],
    legal_aid_officer: ['法律援助中心工作人员', 'Legal aid officer'],
    shelter_officer: ['庇护场所工作人员', 'Shelter officer'],
    health_worker: ['医疗/心理工作者', 'Health / counselling worker'],
    elder_care_officer: ['养老服务工作人员', 'Elder-care officer'],
    coordinator: ['妇儿工委协调员', 'Coordinator'],
    admin: ['系统管理员', 'Administrator'],
  },
  /** Whole department codes whose name is not "street + kind" (the district's civil-affairs bureau runs elder care). */
  dept: { 'civil_affairs:district': ['北仑区养老服务', 'Beilun elder care'] },
  deptKind: {
    wf: ['妇联', "Women's federation"],
    police: ['派出所', 'Police station'],
    court: ['法院', 'Court'],
    legal_aid: ['法律援助中心', 'Legal aid centre'],
    shelter: ['庇护场所', 'Shelter'],
    health: ['医疗机构', 'Health'],
    counselling: ['心理咨询', 'Counselling'],
    elder_care: ['养老服务', 'Elder care'],
    civil_affairs: ['养老服务', 'Elder care'],
    wcw: ['妇儿工委', "Women & children's work committee"],
    school: ['学校', 'School'],
    platform: ['平台', 'Platform'],
  },
  street: {
    xinqi: ['新碶街道', 'Xinqi'],
    daqi: ['大碶街道', 'Daqi'],
    xiaogang: ['小港街道', 'Xiaogang'],
    xiapu: ['霞浦街道', 'Xiapu'],
    chaiqiao: ['柴桥街道', 'Chaiqiao'],
    qijiashan: ['戚家山街道', 'Qijiashan'],
    chunxiao: ['春晓街道', 'Chunxiao'],
    meishan: ['梅山街道', 'Meishan'],
    baifeng: ['白峰街道', 'Baifeng'],
    guoju: ['郭巨街道', 'Guoju'],
    daxie: ['大榭街道', 'Daxie'],
    district: ['全区', 'District'],
    beilun: ['北仑区', 'Beilun'],
  },
  /** Units whose name is the whole department's name. */
  unit: { xinqi_primary: ['新碶中心小学', 'Xinqi Central Primary School'] },
};
