// Who may do what. Routes name a permission; this table is the only place roles are mapped.
export const roles = ['admin', 'manager', 'supervisor', 'agent'] as const;
export type Role = (typeof roles)[number];

const ALL: Role[] = [...roles];
export const permissions = {
  /** any signed-in user: own profile, own jobs, docs */
  self: ALL,
  'contacts.read': ['admin', 'manager', 'supervisor'],
  'contacts.write': ['admin', 'manager'],
  'contacts.import': ['admin', 'manager'],
  /** CT-7: permanent deletion is for administrators */
  'contacts.delete': ['admin'],
  /** CT-5: only administrators may switch off "only free" */
  'contacts.show_assigned': ['admin'],
  'fields.manage': ['admin'],
  'campaigns.read': ['admin', 'manager', 'supervisor'],
  /** CP-8: the "campaign management" permission */
  'campaigns.manage': ['admin', 'manager'],
  'users.manage': ['admin'],
  /** AG-1: the agent panel — take cases, save results, own callbacks */
  'agent.work': ['agent'],
  /** CP-8, AG-3: supervisors see cases, statistics and why a case is not dialable */
  'cases.read': ['admin', 'manager', 'supervisor'],
  /** AS-5: case group actions (assign to agent, change status, priority, delete) */
  'cases.manage': ['admin', 'manager'],
  /** AG-3: the live wallboard of agents and dialing campaigns */
  'wallboard.read': ['admin', 'manager', 'supervisor'],
  /** AC-1: the SMS gateway and webhook secret automatic actions use */
  'integrations.manage': ['admin'],
  /** SMTP accounts, e-mail templates, scheduled reports, the mail log (issue 5) */
  'mail.manage': ['admin', 'manager'],
  /** PR-4e: mail providers post received mail (with an API token of such a user) */
  'mail.inbound': ['admin', 'manager'],
} satisfies Record<string, Role[]>;

export type Permission = keyof typeof permissions;

export function can(role: Role, permission: Permission): boolean {
  return (permissions[permission] as readonly Role[]).includes(role);
}

export function permissionsOf(role: Role): Permission[] {
  return (Object.keys(permissions) as Permission[]).filter((p) => can(role, p));
}
