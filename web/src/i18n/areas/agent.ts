// Texts of the agent screens, in the three languages (merged into en/pl/cs.ts).
const en = {} as const;

export const agentText: { en: typeof en; pl: Record<keyof typeof en, string>; cs: Record<keyof typeof en, string> } = {
  en,
  pl: {},
  cs: {},
};
