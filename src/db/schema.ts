// One schema for PGlite and PostgreSQL. drizzle-kit turns it into SQL migrations in migrations/.
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  serial,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  role: text('role').notNull().$type<'admin' | 'manager' | 'supervisor' | 'agent'>(),
  passwordHash: text('password_hash').notNull(),
  language: text('language').notNull().default('en'),
  active: boolean('active').notNull().default(true),
  createdAt: ts('created_at').notNull(),
});

export const sessions = pgTable('sessions', {
  tokenHash: text('token_hash').primaryKey(),
  userId: integer('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  createdAt: ts('created_at').notNull(),
  expiresAt: ts('expires_at').notNull(),
});

export const apiTokens = pgTable('api_tokens', {
  id: serial('id').primaryKey(),
  userId: integer('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: ts('created_at').notNull(),
  lastUsedAt: ts('last_used_at'),
});

export const jobs = pgTable(
  'jobs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind').notNull(),
    payload: jsonb('payload').notNull().$type<Record<string, unknown>>(),
    state: text('state').notNull().default('queued').$type<'queued' | 'running' | 'done' | 'failed'>(),
    runAt: ts('run_at').notNull(),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(5),
    lockedUntil: ts('locked_until'),
    lockedBy: text('locked_by'),
    lastError: text('last_error'),
    progress: jsonb('progress').$type<Record<string, unknown>>(),
    result: jsonb('result').$type<Record<string, unknown>>(),
    dedupeKey: text('dedupe_key').unique(),
    createdBy: integer('created_by'),
    createdAt: ts('created_at').notNull(),
    finishedAt: ts('finished_at'),
  },
  (t) => [index('jobs_due_idx').on(t.runAt).where(sql`state = 'queued'`), index('jobs_lease_idx').on(t.lockedUntil).where(sql`state = 'running'`)],
);

export const customFields = pgTable('custom_fields', {
  key: text('key').primaryKey(),
  label: text('label').notNull(),
  type: text('type').notNull().$type<'text' | 'number' | 'date' | 'boolean'>(),
  createdAt: ts('created_at').notNull(),
});

export const importGroups = pgTable('import_groups', {
  id: serial('id').primaryKey(),
  name: text('name').notNull().unique(),
  createdAt: ts('created_at').notNull(),
});

export const imports = pgTable('imports', {
  id: serial('id').primaryKey(),
  fileName: text('file_name').notNull(),
  filePath: text('file_path').notNull(),
  fileSize: bigint('file_size', { mode: 'number' }).notNull(),
  encoding: text('encoding').notNull(),
  delimiter: text('delimiter').notNull(),
  hasHeader: boolean('has_header').notNull().default(true),
  groupId: integer('group_id').references(() => importGroups.id),
  mapping: jsonb('mapping').$type<Record<string, string>>(),
  duplicatePolicy: text('duplicate_policy').$type<'skip' | 'update' | 'keep'>(),
  state: text('state').notNull().$type<'uploaded' | 'queued' | 'staging' | 'merging' | 'done' | 'failed'>(),
  jobId: bigint('job_id', { mode: 'number' }),
  rowsRead: integer('rows_read').notNull().default(0),
  added: integer('added').notNull().default(0),
  updated: integer('updated').notNull().default(0),
  duplicates: integer('duplicates').notNull().default(0),
  rejected: integer('rejected').notNull().default(0),
  error: text('error'),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: ts('created_at').notNull(),
  finishedAt: ts('finished_at'),
});

// Staging: parsed, normalised rows of one import, loaded with COPY before the atomic merge.
export const importRows = pgTable(
  'import_rows',
  {
    importId: integer('import_id').notNull(),
    line: integer('line').notNull(),
    name: text('name'),
    firstName: text('first_name'),
    lastName: text('last_name'),
    street: text('street'),
    houseNumber: text('house_number'),
    city: text('city'),
    postalCode: text('postal_code'),
    region: text('region'),
    county: text('county'),
    commune: text('commune'),
    phone1: text('phone1'),
    phone1Raw: text('phone1_raw'),
    phone2: text('phone2'),
    phone2Raw: text('phone2_raw'),
    email: text('email'),
    custom: jsonb('custom').$type<Record<string, unknown>>(),
  },
  (t) => [index('import_rows_idx').on(t.importId, t.line)],
);

export const importRejects = pgTable(
  'import_rejects',
  {
    importId: integer('import_id').notNull(),
    line: integer('line').notNull(),
    kind: text('kind').notNull().$type<'rejected' | 'duplicate'>(),
    reason: text('reason').notNull(),
    field: text('field'),
    raw: text('raw').notNull(),
  },
  (t) => [index('import_rejects_idx').on(t.importId, t.line)],
);

export const contacts = pgTable(
  'contacts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    name: text('name'),
    firstName: text('first_name'),
    lastName: text('last_name'),
    street: text('street'),
    houseNumber: text('house_number'),
    city: text('city'),
    postalCode: text('postal_code'),
    region: text('region'),
    county: text('county'),
    commune: text('commune'),
    phone1: text('phone1'),
    phone1Raw: text('phone1_raw'),
    phone2: text('phone2'),
    phone2Raw: text('phone2_raw'),
    email: text('email'),
    custom: jsonb('custom').notNull().default({}).$type<Record<string, unknown>>(),
    source: text('source').notNull().$type<'import' | 'manual' | 'api' | 'inbound'>(),
    importGroupId: integer('import_group_id').references(() => importGroups.id),
    importId: integer('import_id'),
    blocked: boolean('blocked').notNull().default(false),
    blockedAt: ts('blocked_at'),
    blockedReason: text('blocked_reason'),
    // CT-8: the last committed use. While a case holds the contact, its assignment counts as
    // the latest use (see contacts/usage.ts), so an unused case needs no rollback.
    lastUsedAt: ts('last_used_at'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    index('contacts_sort_idx').on(sql`coalesce(${t.street}, '')`, sql`coalesce(${t.city}, '')`, t.id),
    index('contacts_phone1_idx').on(t.phone1.op('text_pattern_ops')),
    index('contacts_phone2_idx').on(t.phone2),
    index('contacts_group_idx').on(t.importGroupId),
    index('contacts_location_idx').on(t.region, t.county, t.commune, t.city, t.street, t.postalCode),
    index('contacts_city_idx').on(t.city),
    // CT-5 "least recently used N" walks this index. Nothing indexes blocked or updated_at, so
    // blocking is a HOT update (heap only, fillfactor 80) that never touches the trigram indexes.
    index('contacts_last_used_idx').on(t.lastUsedAt.asc().nullsFirst(), t.id),
    index('contacts_name_trgm').using(
      'gin',
      sql`(lower(coalesce(${t.name}, '') || ' ' || coalesce(${t.firstName}, '') || ' ' || coalesce(${t.lastName}, ''))) gin_trgm_ops`,
    ),
    index('contacts_street_trgm').using('gin', sql`lower(coalesce(${t.street}, '')) gin_trgm_ops`),
    index('contacts_postal_trgm').using('gin', sql`coalesce(${t.postalCode}, '') gin_trgm_ops`),
  ],
);

// CT-2: hierarchical dictionary region → county → commune → city → street → postal code.
export const locations = pgTable(
  'locations',
  {
    id: serial('id').primaryKey(),
    level: smallint('level').notNull(),
    parentId: integer('parent_id'),
    name: text('name').notNull(),
  },
  (t) => [uniqueIndex('locations_uniq').on(t.level, sql`coalesce(${t.parentId}, 0)`, t.name)],
);

// CT-9: the contact's timeline; later issues append calls, statuses, notes and e-mails.
export const contactEvents = pgTable(
  'contact_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    contactId: bigint('contact_id', { mode: 'number' }).notNull(),
    at: ts('at').notNull(),
    kind: text('kind').notNull(),
    campaignId: integer('campaign_id'),
    userId: integer('user_id'),
    data: jsonb('data').notNull().default({}).$type<Record<string, unknown>>(),
  },
  (t) => [index('contact_events_contact_idx').on(t.contactId, t.at)],
);

export const campaigns = pgTable('campaigns', {
  id: integer('id').primaryKey(), // CP-1: 5-digit, editable, unique
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  type: text('type').notNull().default('outbound').$type<'outbound' | 'callback'>(),
  state: text('state').notNull().default('draft').$type<'draft' | 'running' | 'paused' | 'stopped' | 'finished'>(),
  validFrom: ts('valid_from'),
  validTo: ts('valid_to'),
  timeZone: text('time_zone').notNull().default('Europe/Warsaw'),
  workingHours: jsonb('working_hours')
    .notNull()
    .default({
      mon: [['08:00', '20:00']],
      tue: [['08:00', '20:00']],
      wed: [['08:00', '20:00']],
      thu: [['08:00', '20:00']],
      fri: [['08:00', '20:00']],
      sat: [['09:00', '15:00']],
      sun: [],
    })
    .$type<Record<string, [string, string][]>>(),
  /** the contact's permitted local hours */
  localWindow: jsonb('local_window').notNull().default({ start: '08:00', end: '21:00' }).$type<{ start: string; end: string }>(),
  sortOrder: integer('sort_order').notNull().default(100),
  parity: integer('parity').notNull().default(1),
  recordCalls: boolean('record_calls').notNull().default(false),
  callerIds: text('caller_ids').array().notNull().default(sql`'{}'::text[]`),
  callerIdRandom: boolean('caller_id_random').notNull().default(false),
  mode: text('mode').notNull().default('preview').$type<'preview' | 'progressive' | 'predictive'>(),
  previewSeconds: integer('preview_seconds').notNull().default(30),
  pickupRate: integer('pickup_rate').notNull().default(50),
  goal: text('goal').notNull().default('exhaust').$type<'exhaust' | 'endless'>(),
  retryRules: jsonb('retry_rules').notNull().default([]).$type<unknown[]>(),
  maxAttempts: integer('max_attempts'),
  retryDelayMinutes: integer('retry_delay_minutes').notNull().default(60),
  script: jsonb('script').notNull().default([]).$type<unknown[]>(),
  confirmationScript: jsonb('confirmation_script').notNull().default([]).$type<unknown[]>(),
  phoneColumn: text('phone_column').notNull().default('phone1').$type<'phone1' | 'phone2'>(),
  contactFilter: jsonb('contact_filter').$type<Record<string, unknown>>(),
  processId: integer('process_id'),
  successLimitPerAgent: integer('success_limit_per_agent'),
  callbackGraceMinutes: integer('callback_grace_minutes').notNull().default(30),
  // DL-3: abandonment as regulators define it, and the dialer's limits
  abandonCapPercent: real('abandon_cap_percent').notNull().default(3),
  abandonWindow: text('abandon_window').notNull().default('24h').$type<'24h' | '30d' | 'lifetime'>(),
  abandonThresholdSeconds: real('abandon_threshold_seconds').notNull().default(2),
  /** an abandoned number is not dialed predictively again for this long (UK: 72 h); null = no lockout */
  abandonLockoutHours: integer('abandon_lockout_hours'),
  abandonMessage: text('abandon_message').notNull().default('We are sorry, all our consultants are busy. We will call you back.'),
  ringTimeoutSeconds: integer('ring_timeout_seconds').notNull().default(25),
  maxLinesPerAgent: real('max_lines_per_agent').notNull().default(3),
  /** wrap-up limit: when it runs out the case is saved with the outcome's status and the agent is ready; null = no limit */
  wrapUpSeconds: integer('wrap_up_seconds'),
  /** answering-machine detection (speed, issue 5): on, the network classifies answers and `amdMachineAction` decides what a machine gets */
  amdEnabled: boolean('amd_enabled').notNull().default(true),
  /** hangup: the call ends with the "voicemail" outcome's status; connect: it goes to an agent like a person */
  amdMachineAction: text('amd_machine_action').notNull().default('hangup').$type<'hangup' | 'connect'>(),
  /** AMD's published false-positive rate (people taken for machines): their expected number counts as abandons */
  amdFalsePositivePercent: real('amd_false_positive_percent').notNull().default(0),
  /** the simulated network's customers for this campaign (telephony/profile.ts); null = the default profile */
  networkProfile: jsonb('network_profile').$type<Record<string, unknown>>(),
  clonedFrom: integer('cloned_from'),
  createdAt: ts('created_at').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

/** CP-1 routing: agents assigned one by one or through a group */
export const campaignAgents = pgTable(
  'campaign_agents',
  {
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.userId] }), index('campaign_agents_user_idx').on(t.userId)],
);

export const agentGroups = pgTable('agent_groups', {
  id: serial('id').primaryKey(),
  name: text('name').notNull().unique(),
  createdAt: ts('created_at').notNull(),
});

export const agentGroupMembers = pgTable(
  'agent_group_members',
  {
    groupId: integer('group_id')
      .notNull()
      .references(() => agentGroups.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.userId] })],
);

export const campaignAgentGroups = pgTable(
  'campaign_agent_groups',
  {
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    groupId: integer('group_id')
      .notNull()
      .references(() => agentGroups.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.groupId] })],
);

/** PR-1 */
export const processes = pgTable('processes', {
  id: serial('id').primaryKey(),
  name: text('name').notNull().unique(),
  description: text('description').notNull().default(''),
  kind: text('kind').notNull().default('operational').$type<'operational' | 'management' | 'auxiliary'>(),
  inboundStatusKeys: text('inbound_status_keys').array().notNull().default(sql`'{}'::text[]`),
  createdAt: ts('created_at').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

/**
 * One table for every status: the dictionary (ST-1, no process, no campaign), campaign-only
 * statuses (ST-4, campaign_id) and process statuses (PR-2, process_id + key). The engine reads
 * the same columns for all of them.
 */
export const statuses = pgTable(
  'statuses',
  {
    id: serial('id').primaryKey(),
    processId: integer('process_id').references(() => processes.id, { onDelete: 'cascade' }),
    campaignId: integer('campaign_id').references(() => campaigns.id, { onDelete: 'cascade' }),
    /** a process status's key, stable inside its process (exits refer to it) */
    key: text('key'),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    /** ST-2 system status (dictionary and campaign statuses) */
    systemStatus: text('system_status'),
    qualifier: text('qualifier').notNull(),
    responsibleUserId: integer('responsible_user_id'),
    availability: text('availability').notNull().default('agents').$type<'agents' | 'system'>(),
    color: text('color').notNull().default('#64748b'),
    initial: boolean('initial').notNull().default(false),
    callbackDelaySeconds: integer('callback_delay_seconds'),
    callbackAt: ts('callback_at'),
    /** ST-2 "set automatically when": dialer outcomes */
    autoOutcomes: text('auto_outcomes').array().notNull().default(sql`'{}'::text[]`),
    /** ST-2 "add automatically to every new campaign" */
    autoAdd: boolean('auto_add').notNull().default(false),
    hidden: boolean('hidden').notNull().default(false),
    active: boolean('active').notNull().default(true),
    exits: jsonb('exits').notNull().default({}).$type<Record<string, unknown>>(),
    x: integer('x').notNull().default(0),
    y: integer('y').notNull().default(0),
    position: integer('position').notNull().default(0),
    deletedAt: ts('deleted_at'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('statuses_process_key_uniq').on(t.processId, t.key).where(sql`process_id is not null and deleted_at is null`),
    index('statuses_campaign_idx').on(t.campaignId),
  ],
);

/** ST-4: the statuses a dictionary campaign offers (dictionary ones and its own) */
export const campaignStatuses = pgTable(
  'campaign_statuses',
  {
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    statusId: integer('status_id')
      .notNull()
      .references(() => statuses.id, { onDelete: 'cascade' }),
    position: integer('position').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.statusId] })],
);

export const cases = pgTable(
  'cases',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(), // assignment order (AS-6)
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    contactId: bigint('contact_id', { mode: 'number' })
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    /** a call with the contact happened in this campaign (CT-8) */
    used: boolean('used').notNull().default(false),
    /** the case reached a terminal status (AS-2 "unused" counts cases where this is null) */
    closedAt: ts('closed_at'),
    /** why the case closed: its status, attempts exhausted (CP-4 max), a delete rule (CP-4) */
    closedReason: text('closed_reason').$type<'status' | 'attempts_exhausted' | 'deleted'>(),
    releasedAt: ts('released_at'),
    createdBy: integer('created_by'),
    createdAt: ts('created_at').notNull(),
    // The dialing state the status engine computes (statuses/types.ts CaseState).
    statusId: integer('status_id'),
    qualifier: text('qualifier'),
    queue: text('queue').notNull().default('fresh'),
    callableAt: ts('callable_at'),
    ownerId: integer('owner_id'),
    responsibleId: integer('responsible_id'),
    success: boolean('success').notNull().default(false),
    successAgentId: integer('success_agent_id'),
    attempts: integer('attempts').notNull().default(0),
    lastAttemptAt: ts('last_attempt_at'),
    lastOutcome: text('last_outcome'),
    lastConnected: boolean('last_connected'),
    lastAgentId: integer('last_agent_id'),
    stage: text('stage').notNull().default('main'),
    priority: integer('priority').notNull().default(0),
    /** the contact's time zone (from the dialed number), for the permitted local hours */
    tz: text('tz'),
    /** script answers and rule parameters (CP-4, CP-5) */
    params: jsonb('params').notNull().default({}).$type<Record<string, unknown>>(),
    /** PR-4d: how many times the case entered each status */
    statusCounts: jsonb('status_counts').notNull().default({}).$type<Record<string, number>>(),
    /** the agent working the case now; claimed rows leave the hopper indexes */
    lockedBy: integer('locked_by'),
    lockedUntil: ts('locked_until'),
  },
  (t) => [
    uniqueIndex('cases_campaign_contact_uniq').on(t.campaignId, t.contactId),
    index('cases_contact_idx').on(t.contactId),
    // AS-1: a contact is held by at most one campaign at a time; assignment relies on it
    uniqueIndex('cases_active_contact_uniq').on(t.contactId).where(sql`released_at is null`),
    // The hopper: one small partial index per tier, each holding only offerable rows.
    index('cases_hopper_fresh').on(t.campaignId, t.priority.desc(), t.id).where(sql`queue = 'fresh' and locked_by is null and released_at is null`),
    index('cases_hopper_retry')
      .on(t.campaignId, t.priority.desc(), t.lastAttemptAt, t.id)
      .where(sql`queue = 'retry' and locked_by is null and released_at is null`),
    index('cases_hopper_timed')
      .on(t.campaignId, t.queue, t.callableAt, t.id)
      .where(sql`queue in ('callback', 'progressive', 'end_of_queue') and locked_by is null and released_at is null`),
    index('cases_owner_idx').on(t.ownerId, t.callableAt).where(sql`owner_id is not null and released_at is null`),
    index('cases_locked_idx').on(t.lockedUntil).where(sql`locked_by is not null`),
    index('cases_campaign_status_idx').on(t.campaignId, t.statusId),
  ],
);

/** One call (or manual contact) of a case: CP-5 answers, CP-8 results. */
export const attempts = pgTable(
  'attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    caseId: bigint('case_id', { mode: 'number' })
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    campaignId: integer('campaign_id').notNull(),
    contactId: bigint('contact_id', { mode: 'number' }).notNull(),
    agentId: integer('agent_id'),
    phone: text('phone'),
    outcome: text('outcome').notNull(),
    connected: boolean('connected').notNull(),
    statusId: integer('status_id'),
    note: text('note'),
    callbackAt: ts('callback_at'),
    params: jsonb('params').notNull().default({}).$type<Record<string, unknown>>(),
    stage: text('stage').notNull().default('main'),
    startedAt: ts('started_at').notNull(),
    endedAt: ts('ended_at').notNull(),
  },
  (t) => [index('attempts_campaign_idx').on(t.campaignId, t.endedAt), index('attempts_case_idx').on(t.caseId)],
);

/** PR-5: every save of a case; requester null = system */
export const caseHistory = pgTable(
  'case_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    caseId: bigint('case_id', { mode: 'number' })
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    campaignId: integer('campaign_id').notNull(),
    at: ts('at').notNull(),
    fromStatusId: integer('from_status_id'),
    toStatusId: integer('to_status_id'),
    qualifier: text('qualifier'),
    queue: text('queue').notNull(),
    callableAt: ts('callable_at'),
    ownerId: integer('owner_id'),
    responsibleId: integer('responsible_id'),
    requesterId: integer('requester_id'),
    source: text('source').notNull().$type<'agent' | 'supervisor' | 'system' | 'rule' | 'dialer'>(),
    note: text('note'),
    attemptId: bigint('attempt_id', { mode: 'number' }),
  },
  (t) => [index('case_history_case_idx').on(t.caseId, t.at)],
);

/** AG-1, AG-2: which campaigns an agent works and whether they take cases */
export const agentStates = pgTable('agent_states', {
  userId: integer('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  state: text('state').notNull().$type<AgentStateName>(),
  since: ts('since').notNull(),
  campaignIds: integer('campaign_ids').array().notNull().default(sql`'{}'::int[]`),
  currentCaseId: bigint('current_case_id', { mode: 'number' }),
  /** the dialer call the agent is on or wrapping up */
  callId: bigint('call_id', { mode: 'number' }),
  /** wrap-up limit: when the case is saved automatically */
  wrapUntil: ts('wrap_until'),
});

/** AG-2 */
export type AgentStateName = 'logged_out' | 'ready' | 'paused' | 'preview' | 'dialing' | 'talking' | 'wrap_up';

/** AG-3: every agent state with its span, for occupancy and the wallboard's day chart */
export const agentStateLog = pgTable(
  'agent_state_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: integer('user_id').notNull(),
    state: text('state').notNull().$type<AgentStateName>(),
    campaignIds: integer('campaign_ids').array().notNull(),
    startedAt: ts('started_at').notNull(),
    endedAt: ts('ended_at'),
  },
  (t) => [index('agent_state_log_started_idx').on(t.startedAt), index('agent_state_log_open_idx').on(t.userId).where(sql`ended_at is null`)],
);

/** DL-4, DL-5: one dialer call; the telephony driver's events fill it in */
export const calls = pgTable(
  'calls',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    campaignId: integer('campaign_id').notNull(),
    caseId: bigint('case_id', { mode: 'number' }).notNull(),
    contactId: bigint('contact_id', { mode: 'number' }).notNull(),
    mode: text('mode').notNull().$type<'preview' | 'progressive' | 'predictive'>(),
    /** reserved (preview, progressive) or connected agent */
    agentId: integer('agent_id'),
    phone: text('phone').notNull(),
    callerId: text('caller_id'),
    /** the process whose telephony driver placed it (reconciled when that process is gone) */
    owner: text('owner').notNull(),
    /** the last telephony event (telephony/port.ts CallEventKind) */
    state: text('state').notNull(),
    outcome: text('outcome'),
    dialedAt: ts('dialed_at').notNull(),
    answeredAt: ts('answered_at'),
    /** answered by a person (not a machine) */
    human: boolean('human'),
    connectedAt: ts('connected_at'),
    abandoned: boolean('abandoned').notNull().default(false),
    endedAt: ts('ended_at'),
    /** the agent saved the result (end of wrap-up) */
    wrappedAt: ts('wrapped_at'),
    attemptId: bigint('attempt_id', { mode: 'number' }),
    reconciled: boolean('reconciled').notNull().default(false),
  },
  (t) => [
    index('calls_campaign_dialed_idx').on(t.campaignId, t.dialedAt),
    index('calls_campaign_answered_idx').on(t.campaignId, t.answeredAt).where(sql`human`),
    index('calls_open_idx').on(t.owner).where(sql`ended_at is null`),
    index('calls_case_idx').on(t.caseId),
  ],
);

/** One process runs the dialer; another takes over when its lease runs out. */
export const dialerLeases = pgTable('dialer_leases', {
  name: text('name').primaryKey(),
  owner: text('owner').notNull(),
  until: ts('until').notNull(),
});

/** AS-5: a saved filtered view of a campaign's cases */
export const caseViews = pgTable('case_views', {
  id: serial('id').primaryKey(),
  userId: integer('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  campaignId: integer('campaign_id').references(() => campaigns.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  filter: jsonb('filter').notNull().$type<Record<string, unknown>>(),
  createdAt: ts('created_at').notNull(),
});

// Materialised target set of one assignment, in the database sort, processed in resumable batches.
export const assignmentItems = pgTable(
  'assignment_items',
  {
    jobId: bigint('job_id', { mode: 'number' }).notNull(),
    pos: integer('pos').notNull(),
    contactId: bigint('contact_id', { mode: 'number' }).notNull(),
  },
  (t) => [uniqueIndex('assignment_items_pk').on(t.jobId, t.pos)],
);

// CT-7: the block list ("Robinson list") by number, so a blocked number stays blocked when the
// same person is imported again.
export const blockedNumbers = pgTable('blocked_numbers', {
  phone: text('phone').primaryKey(),
  reason: text('reason'),
  createdAt: ts('created_at').notNull(),
  createdBy: integer('created_by'),
});
