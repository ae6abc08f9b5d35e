/** A code's display labels, zh-CN first and English second. */
export type Labels = Record<string, readonly [string, string]>;
/** Label groups by name (`role`, `street`, …). */
export type LabelGroups = Record<string, Labels>;
