/** Display labels for the services' codes, zh-CN first and English second. */
type L = Record<string, readonly [string, string]>;

export const LABELS: Record<string, L> = {
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
  deptKind: {
    wf: ['妇联', "Women's federation"],
    police: ['派出所', 'Police station'],
    court: ['法院', 'Court'],
    legal_aid: ['法律援助中心', 'Legal aid centre'],
    shelter: ['庇护场所', 'Shelter'],
    health: ['医疗机构', 'Health'],
    counselling: ['心理咨询', 'Counselling'],
    elder_care: ['养老服务', 'Elder care'],
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
  channel: {
    hotline_12338: ['12338 热线', '12338 hotline'],
    walk_in: ['来访', 'Walk-in'],
    police_110: ['110 转介', '110 transfer'],
    online: ['网络求助', 'Online'],
    mandatory_report: ['强制报告', 'Mandatory report'],
  },
  category: {
    domestic_violence: ['家庭暴力', 'Domestic violence'],
    elder_abuse: ['老年人受虐待', 'Elder abuse'],
    marriage_family_dispute: ['婚姻家庭纠纷', 'Marriage/family dispute'],
    rights_infringement: ['权益侵害', 'Rights infringement'],
    other: ['其他', 'Other'],
  },
  need: {
    dv_protection: ['反家暴保护', 'DV protection'],
    legal_aid: ['法律援助', 'Legal aid'],
    elder_care: ['养老服务', 'Elder care'],
    mediation: ['婚姻家庭纠纷调解', 'Mediation'],
    psychological_support: ['心理支持', 'Psychological support'],
  },
  riskLevel: { standard: ['一般', 'Standard'], medium: ['中', 'Medium'], high: ['高', 'High'] },
  sex: { female: ['女', 'Female'], male: ['男', 'Male'], unknown: ['未知', 'Unknown'] },
  callerRelation: {
    self: ['本人', 'Herself'],
    family: ['家属', 'Family'],
    neighbour: ['邻居', 'Neighbour'],
    friend: ['朋友', 'Friend'],
    colleague: ['同事', 'Colleague'],
    institution: ['机构', 'Institution'],
    other: ['其他', 'Other'],
  },
  perpetratorRelation: {
    spouse: ['配偶', 'Spouse'],
    former_spouse: ['前配偶', 'Former spouse'],
    partner: ['同居伴侣', 'Partner'],
    former_partner: ['前伴侣', 'Former partner'],
    parent: ['父母', 'Parent'],
    child: ['子女', 'Child'],
    sibling: ['兄弟姐妹', 'Sibling'],
    other_family: ['其他家庭成员', 'Other family'],
    carer: ['照护人', 'Carer'],
    other: ['其他', 'Other'],
  },
  violenceType: {
    physical: ['身体暴力', 'Physical'],
    psychological: ['精神暴力', 'Psychological'],
    sexual: ['性暴力', 'Sexual'],
    economic: ['经济控制', 'Economic'],
    neglect: ['遗弃/疏于照料', 'Neglect'],
    stalking_harassment: ['跟踪骚扰', 'Stalking/harassment'],
    threats: ['威胁恐吓', 'Threats'],
    confinement: ['限制人身自由', 'Confinement'],
  },
  protectionFlag: {
    minor: ['未成年人', 'Minor'],
    elderly: ['老年人', 'Elderly'],
    disabled: ['残疾人', 'Disabled'],
    pregnantOrBreastfeeding: ['孕期/哺乳期', 'Pregnant/breastfeeding'],
    seriouslyIll: ['重病患者', 'Seriously ill'],
  },
  consentDepartment: {
    police: ['公安', 'Police'],
    court: ['法院', 'Court'],
    legal_aid: ['法律援助中心', 'Legal aid'],
    shelter: ['庇护场所', 'Shelter'],
    health: ['医疗机构', 'Health'],
    elder_care: ['养老服务', 'Elder care'],
  },
  consentBasis: {
    consent: ['本人同意', 'Her consent'],
    mandatory_report: ['强制报告', 'Mandatory report'],
    high_risk_exception: ['高风险例外', 'High-risk exception'],
    override: ['经授权越过同意', 'Authorised override'],
  },
  referralTarget: { dv: ['反家暴联动', 'DV referral'], legal_aid: ['法律援助', 'Legal aid'], elder_care: ['养老服务', 'Elder care'] },
  caseStatus: { open: ['办理中', 'Open'], closed: ['已结案', 'Closed'] },
  closeReason: {
    resolved: ['问题已解决', 'Resolved'],
    referred_out: ['已转介办理', 'Referred out'],
    victim_withdrew: ['当事人撤回', 'Victim withdrew'],
    unreachable: ['无法联系', 'Unreachable'],
    duplicate: ['重复案件', 'Duplicate'],
    no_further_action: ['无需进一步处理', 'No further action'],
    other: ['其他', 'Other'],
  },
  reopenReason: {
    new_incident: ['再次发生', 'New incident'],
    victim_request: ['当事人要求', 'Victim request'],
    referral_feedback: ['转介单位反馈', 'Referral feedback'],
    closed_in_error: ['误结案', 'Closed in error'],
    other: ['其他', 'Other'],
  },
  reporterKind: {
    school: ['学校', 'School'],
    kindergarten: ['幼儿园', 'Kindergarten'],
    hospital: ['医疗机构', 'Hospital'],
    residents_committee: ['居民委员会', "Residents' committee"],
    village_committee: ['村民委员会', 'Village committee'],
    social_work_agency: ['社会工作服务机构', 'Social work agency'],
    welfare_institution: ['救助管理/福利机构', 'Welfare institution'],
    other: ['其他', 'Other'],
  },
  capacity: {
    minor: ['未成年人', 'Minor'],
    disabled: ['残疾人', 'Disabled'],
    mental_illness: ['精神障碍', 'Mental illness'],
    elderly_dependent: ['失能老年人', 'Dependent elderly'],
    seriously_ill: ['重病患者', 'Seriously ill'],
    other_limited_capacity: ['其他无/限制民事行为能力', 'Other limited capacity'],
  },
  receiptStatus: { received: ['已接收', 'Received'], referred: ['已转介', 'Referred'], closed: ['已办结', 'Closed'] },
  dvDepartment: { police: ['公安', 'Police'], court: ['法院', 'Court'], shelter: ['庇护', 'Shelter'], health: ['医疗', 'Health'], counselling: ['心理咨询', 'Counselling'], wf: ['妇联', "Women's federation"] },
  referralStatus: {
    requested: ['待接收', 'Awaiting acceptance'],
    accepted: ['已接收', 'Accepted'],
    in_progress: ['办理中', 'In progress'],
    completed: ['已完成', 'Completed'],
    declined: ['已拒绝', 'Declined'],
    withdrawn: ['已撤回', 'Withdrawn'],
  },
  declineReason: {
    outside_jurisdiction: ['不属本辖区', 'Outside jurisdiction'],
    no_capacity: ['无接收能力', 'No capacity'],
    not_applicable: ['不适用', 'Not applicable'],
    victim_declined: ['当事人拒绝', 'Victim declined'],
    other: ['其他', 'Other'],
  },
  calloutOutcome: {
    violence_stopped: ['制止暴力', 'Violence stopped'],
    abuser_detained: ['施暴人被带离/拘留', 'Abuser detained'],
    warning_given: ['当场批评教育', 'Warning given'],
    no_contact: ['未能接触', 'No contact'],
    other: ['其他', 'Other'],
  },
  warningRecipient: { abuser: ['加害人', 'Abuser'], victim: ['受害人', 'Victim'], committee: ['居(村)委会', 'Committee'] },
  visitOutcome: { no_further_violence: ['未再发生暴力', 'No further violence'], violence_recurred: ['再次发生暴力', 'Violence recurred'], not_reached: ['未能查访', 'Not reached'] },
  orderStatus: {
    applied: ['已申请', 'Applied'],
    accepted: ['已受理', 'Accepted'],
    issued: ['已签发', 'Issued'],
    rejected: ['已驳回', 'Rejected'],
    expired: ['已到期', 'Expired'],
    revoked: ['已撤销', 'Revoked'],
  },
  applicant: {
    victim: ['受害人本人', 'Victim'],
    close_relative: ['近亲属', 'Close relative'],
    police: ['公安机关', 'Police'],
    women_federation: ['妇联', "Women's federation"],
    residents_committee: ['居委会', "Residents' committee"],
    village_committee: ['村委会', 'Village committee'],
    relief_agency: ['救助管理机构', 'Relief agency'],
  },
  measure: {
    ban_violence: ['禁止实施家庭暴力', 'No violence'],
    ban_harassment_stalking_contact: ['禁止骚扰、跟踪、接触', 'No harassment, stalking or contact'],
    move_out: ['责令迁出住所', 'Move out'],
    other: ['其他措施', 'Other'],
  },
  serviceParty: { applicant: ['申请人', 'Applicant'], respondent: ['被申请人', 'Respondent'], police: ['公安机关', 'Police'], committee: ['居(村)委会', 'Committee'] },
  rejectReason: {
    insufficient_evidence: ['证据不足', 'Insufficient evidence'],
    not_domestic_violence: ['不属于家庭暴力', 'Not domestic violence'],
    applicant_not_eligible: ['申请人不适格', 'Applicant not eligible'],
    withdrawn_by_applicant: ['申请人撤回', 'Withdrawn'],
    other: ['其他', 'Other'],
  },
  laStatus: {
    received: ['已受理', 'Received'],
    materials_requested: ['待补材料', 'Materials requested'],
    approved: ['已批准', 'Approved'],
    refused: ['不予援助', 'Refused'],
    objection_pending: ['异议审查中', 'Objection pending'],
    assigned: ['已指派律师', 'Lawyer assigned'],
    closed: ['已结案', 'Closed'],
  },
  matterType: {
    divorce: ['离婚', 'Divorce'],
    maintenance: ['赡养/抚养/扶养费', 'Maintenance'],
    property_division: ['财产分割', 'Property division'],
    dv_protection_order: ['人身安全保护令', 'Protection order'],
    employment_discrimination: ['就业歧视', 'Employment discrimination'],
    personal_injury: ['人身损害', 'Personal injury'],
    criminal_victim: ['刑事被害人', 'Criminal victim'],
    other: ['其他', 'Other'],
  },
  urgency: { normal: ['一般', 'Normal'], urgent: ['紧急', 'Urgent'] },
  meansOutcome: { exempt: ['免予审查', 'Exempt'], waived: ['免予核查', 'Waived'], eligible: ['符合', 'Eligible'], ineligible: ['不符合', 'Ineligible'] },
  meansBasis: {
    dv_abuse_abandonment_victim: ['家暴/虐待/遗弃受害人（第32条）', 'DV/abuse/abandonment victim (Art. 32)'],
    elderly_without_fixed_income: ['无固定生活来源的老年人（第42条）', 'Elderly without income (Art. 42)'],
    social_assistance_recipient: ['社会救助对象（第42条）', 'Social assistance recipient (Art. 42)'],
    hardship_personal_pledge: ['个人诚信承诺（第41条）', 'Personal pledge (Art. 41)'],
    hardship_verified_data: ['信息共享核查（第41条）', 'Verified data (Art. 41)'],
  },
  refusalGround: {
    means_not_met: ['经济困难条件不符', 'Means not met'],
    matter_not_covered: ['不属援助事项', 'Matter not covered'],
    materials_not_supplied: ['未补充材料', 'Materials not supplied'],
    no_legal_basis: ['无法律依据', 'No legal basis'],
    other: ['其他', 'Other'],
  },
  closureOutcome: { won: ['胜诉', 'Won'], settled: ['调解/和解', 'Settled'], lost: ['败诉', 'Lost'], withdrawn: ['撤诉', 'Withdrawn'], terminated: ['终止援助', 'Terminated'] },
  clockState: { pending: ['计时中', 'Running'], at_risk: ['即将超时', 'At risk'], met: ['按时完成', 'Met'], breached: ['已超时', 'Breached'], cancelled: ['已取消', 'Cancelled'] },
  severity: { critical: ['紧急', 'Critical'], high: ['高', 'High'], normal: ['一般', 'Normal'] },
  placementStatus: { placed: ['已安置', 'Placed'], checked_in: ['已入住', 'Checked in'], checked_out: ['已离开', 'Checked out'] },
  duplicateStatus: { suggested: ['待确认', 'Suggested'], linked: ['已关联', 'Linked'], dismissed: ['已排除', 'Dismissed'] },
};

export type Lang = 'zh' | 'en';

export function label(group: string, code: string | null | undefined, lang: Lang): string {
  if (code === null || code === undefined || code === '') return '—';
  const l = LABELS[group]?.[code];
  return l ? l[lang === 'zh' ? 0 : 1] : code;
}

export function options(group: string, lang: Lang): { value: string; label: string }[] {
  return Object.entries(LABELS[group] ?? {}).map(([value, l]) => ({ value, label: l[lang === 'zh' ? 0 : 1] }));
}

/** `police:xinqi` → 新碶街道 派出所 */
export function deptLabel(dept: string | null | undefined, lang: Lang): string {
  if (!dept) return '—';
  const [kind = '', unit = ''] = dept.split(':');
  if (LABELS.unit?.[unit]) return label('unit', unit, lang);
  const k = label('deptKind', kind, lang);
  const u = LABELS.street?.[unit] ? label('street', unit, lang) : unit;
  return lang === 'zh' ? `${u}${k}` : `${k} ${u}`;
}
