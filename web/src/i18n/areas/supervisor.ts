// Texts of the supervisor screens, in the three languages (merged into en/pl/cs.ts).
const en = {} as const;

export const supervisorText: { en: typeof en; pl: Record<keyof typeof en, string>; cs: Record<keyof typeof en, string> } = {
  en,
  pl: {},
  cs: {},
};
