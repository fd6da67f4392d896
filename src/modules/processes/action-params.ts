// Checks an automatic action's parameter before the process is saved, so a mistake is shown on
// the graph instead of failing at run time. Pure: what exists (users, campaigns, templates) is
// looked up by the caller (`loadActionRefs`) and passed in; without it only the form is checked.
import { isEmailAddress } from '../mail/mailer.ts';
import type { ActionDef, ActionKind, LintFinding, ProcessDef } from './types.ts';

/** The ids an action parameter may name that exist (users: active ones). */
export interface ActionRefs {
  userIds: ReadonlySet<number>;
  campaignIds: ReadonlySet<number>;
  templateIds: ReadonlySet<number>;
}

type RefKind = keyof ActionRefs;
const idKinds: Partial<Record<ActionKind, { ref: RefKind; what: string }>> = {
  notification: { ref: 'userIds', what: 'the user to notify' },
  move_to_campaign: { ref: 'campaignIds', what: 'the target campaign' },
  copy_case: { ref: 'campaignIds', what: 'the target campaign' },
  email_template: { ref: 'templateIds', what: 'the e-mail template' },
};
const unknownWhat: Record<RefKind, string> = {
  userIds: 'an active user',
  campaignIds: 'a campaign',
  templateIds: 'an e-mail template',
};

const asId = (param: string) => (/^[1-9][0-9]{0,9}$/.test(param.trim()) ? Number(param.trim()) : null);

/** Why the parameter cannot work, or null. */
function problem(a: ActionDef, refs: ActionRefs | undefined): { code: LintFinding['code']; why: string } | null {
  const param = a.param.trim();
  const id = idKinds[a.kind];
  if (!param) return { code: 'action_param_missing', why: `has no parameter; choose ${id?.what ?? 'what it sends or where'}` };
  if (id) {
    const n = asId(param);
    if (n === null) return { code: 'action_param_invalid', why: `"${param}" is not ${id.what}` };
    if (refs && !refs[id.ref].has(n)) return { code: 'action_param_unknown', why: `names ${unknownWhat[id.ref]} ${n} that does not exist` };
    return null;
  }
  if (a.kind === 'webhook') {
    let url: URL | null = null;
    try {
      url = new URL(param);
    } catch {}
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) return { code: 'action_param_invalid', why: `"${param}" is not an http(s) URL` };
  }
  if (a.kind === 'email_case' || a.kind === 'email_case_xml') {
    const bad = param
      .split(/[,;]/)
      .map((s) => s.trim())
      .filter(Boolean)
      .find((s) => !isEmailAddress(s));
    if (bad !== undefined) return { code: 'action_param_invalid', why: `"${bad}" is not an e-mail address` };
  }
  return null;
}

export function actionParamFindings(def: ProcessDef, refs?: ActionRefs): LintFinding[] {
  return def.statuses.flatMap((s) =>
    s.exits.actions.flatMap((a, i): LintFinding[] => {
      const p = problem(a, refs);
      if (!p) return [];
      const exit = `actions[${i}]`;
      return [{ severity: 'error', code: p.code, statusKey: s.key, exit, message: `"${s.name.trim() || s.key}": ${exit} (${a.kind}) ${p.why}.` }];
    }),
  );
}

/** The ids the process's id parameters name, as far as they exist. */
export function referencedIds(def: ProcessDef): Record<RefKind, number[]> {
  const out: Record<RefKind, number[]> = { userIds: [], campaignIds: [], templateIds: [] };
  for (const s of def.statuses)
    for (const a of s.exits.actions) {
      const id = idKinds[a.kind];
      const n = asId(a.param);
      if (id && n !== null && n <= 2_147_483_647) out[id.ref].push(n);
    }
  return out;
}
