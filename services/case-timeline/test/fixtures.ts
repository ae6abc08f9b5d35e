export const flags = {
  minor: false,
  elderly: false,
  disabled: false,
  pregnantOrBreastfeeding: false,
  seriouslyIll: false,
};
