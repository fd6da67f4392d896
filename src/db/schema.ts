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
    // PR-4e: an inbound e-mail finds its contact by sender address, case-insensitively
    index('contacts_email_idx').on(sql`lower(${t.email})`).where(sql`email is not null`),
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
  /** CB-3 (type 'callback'): delay, share of the queue's agents, order, priority, never-call numbers, expiry, retries; preview and wrap-up times are previewSeconds and wrapUpSeconds */
  callbackSettings: jsonb('callback_settings').$type<CallbackSettings>(),
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
    closedReason: text('closed_reason').$type<'status' | 'attempts_exhausted' | 'deleted' | 'expired'>(),
    /** CB-1: a callback of an inbound queue; it does not hold its contact (AS-1), so a caller held by an outbound campaign can still be called back */
    inbound: boolean('inbound').notNull().default(false),
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
    /**
     * The number this case dials cannot be called: the contact is blocked, has no such number, or
     * the number is on the block list. Kept by triggers (migration 0014) whichever path blocks;
     * such cases leave the hopper indexes, so claims do not walk past them again and again.
     */
    undialable: boolean('undialable').notNull().default(false),
    /** the agent working the case now; claimed rows leave the hopper indexes */
    lockedBy: integer('locked_by'),
    lockedUntil: ts('locked_until'),
  },
  (t) => [
    uniqueIndex('cases_campaign_contact_uniq').on(t.campaignId, t.contactId),
    index('cases_contact_idx').on(t.contactId),
    // AS-1: a contact is held by at most one campaign at a time; assignment relies on it
    uniqueIndex('cases_active_contact_uniq').on(t.contactId).where(sql`released_at is null and not inbound`),
    // The hopper: one small partial index per tier, each holding only offerable rows. The last key,
    // the case's zone ('' = the campaign's), lets a claim skip contacts whose local window is
    // closed inside the index (`zoneOpen`) instead of visiting each one at the head of the queue.
    index('cases_hopper_fresh')
      .on(t.campaignId, t.priority.desc(), t.id, sql`coalesce(${t.tz}, '')`)
      .where(sql`queue = 'fresh' and locked_by is null and released_at is null and not undialable`),
    index('cases_hopper_retry')
      .on(t.campaignId, t.priority.desc(), t.lastAttemptAt, t.id, sql`coalesce(${t.tz}, '')`)
      .where(sql`queue = 'retry' and locked_by is null and released_at is null and not undialable`),
    index('cases_hopper_timed')
      .on(t.campaignId, t.queue, t.callableAt, t.id)
      .where(sql`queue in ('callback', 'progressive', 'end_of_queue') and locked_by is null and released_at is null and not undialable`),
    index('cases_owner_idx').on(t.ownerId, t.callableAt).where(sql`owner_id is not null and released_at is null`),
    index('cases_locked_idx').on(t.lockedUntil).where(sql`locked_by is not null`),
    index('cases_campaign_status_idx').on(t.campaignId, t.statusId),
  ],
);

/**
 * One row whose value changes (to a new random one) with every write to campaigns, statuses,
 * campaign_statuses or processes (statement triggers, migration 0018): a process may keep a
 * campaign's row and statuses for as long as the value it read them under is still the current one
 * (campaigns/settings-cache.ts).
 */
export const settingsVersion = pgTable('settings_version', {
  id: smallint('id').primaryKey().default(1),
  v: text('v').notNull(),
});

/**
 * The time zones a campaign's cases are in ('' = the campaign's own), kept by triggers (migration
 * 0015) on every insert and zone change of a case. A claim asks which of them are inside the local
 * window now; a zone no case is in any more stays listed, harmlessly.
 */
export const caseZones = pgTable(
  'case_zones',
  {
    campaignId: integer('campaign_id').notNull(),
    tz: text('tz').notNull(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.tz] })],
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

/**
 * AG-3: every agent state that has ended, with its span, for occupancy. Written once, when the
 * state ends (a trigger on agent_states, migration 0019); the state an agent is in now is their
 * agent_states row (state since `since`).
 */
export const agentStateLog = pgTable(
  'agent_state_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: integer('user_id').notNull(),
    state: text('state').notNull().$type<AgentStateName>(),
    campaignIds: integer('campaign_ids').array().notNull(),
    startedAt: ts('started_at').notNull(),
    endedAt: ts('ended_at').notNull(),
  },
  // a window's spans are those ending after its start
  (t) => [index('agent_state_log_ended_idx').on(t.endedAt)],
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

// ---- actions (issue 5) ----

/**
 * AC-1, AC-2: one row per automatic action of a status change, written in the transaction that
 * set the status. The row is the action's truth (state, attempts, reason); its durable job only
 * wakes it. `history_id` is the status change that scheduled it (a later change supersedes it).
 */
export const caseActions = pgTable(
  'case_actions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    caseId: bigint('case_id', { mode: 'number' })
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    campaignId: integer('campaign_id').notNull(),
    historyId: bigint('history_id', { mode: 'number' }).notNull(),
    statusId: integer('status_id').notNull(),
    /** the action's index among the status's actions */
    position: smallint('position').notNull(),
    kind: text('kind').notNull(),
    param: text('param').notNull(),
    successStatusId: integer('success_status_id'),
    failureStatusId: integer('failure_status_id'),
    /** AC-2 relative delay, as the status defined it when it was set */
    delayMinutes: integer('delay_minutes'),
    delayFrom: text('delay_from').$type<'status' | 'callback'>(),
    runAt: ts('run_at').notNull(),
    /** AC-3: the case waits for this action; `resume` is the state its status gave it */
    waits: boolean('waits').notNull().default(false),
    resume: jsonb('resume').$type<{ queue: string; callableAt: string | null; ownerId: number | null } | null>(),
    state: text('state').notNull().default('queued').$type<'queued' | 'running' | 'done' | 'failed' | 'skipped'>(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    detail: text('detail'),
    /** sent with every outside effect (HTTP `Idempotency-Key`): the same on every retry */
    idempotencyKey: text('idempotency_key').notNull().default(sql`gen_random_uuid()::text`),
    /** manual retries so far (each gets its own job) */
    retries: integer('retries').notNull().default(0),
    createdAt: ts('created_at').notNull(),
    startedAt: ts('started_at'),
    finishedAt: ts('finished_at'),
  },
  (t) => [
    uniqueIndex('case_actions_key_uniq').on(t.idempotencyKey),
    index('case_actions_case_idx').on(t.caseId, t.id),
    index('case_actions_state_idx').on(t.state, t.campaignId, t.id),
  ],
);

/** AC-1 notification: a message to one user, pushed over the WebSocket and listed until read. */
export const notifications = pgTable(
  'notifications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    text: text('text').notNull(),
    caseId: bigint('case_id', { mode: 'number' }),
    campaignId: integer('campaign_id'),
    /** the action that sent it: a retried action never notifies twice */
    actionId: bigint('action_id', { mode: 'number' }).unique(),
    createdAt: ts('created_at').notNull(),
    readAt: ts('read_at'),
  },
  (t) => [index('notifications_user_idx').on(t.userId, t.id.desc())],
);

/** Settings an administrator keeps for outside systems (SMS gateway, webhook secret), one JSON row per integration. */
export const integrationSettings = pgTable('integration_settings', {
  name: text('name').primaryKey(),
  value: jsonb('value').notNull().$type<Record<string, unknown>>(),
  updatedAt: ts('updated_at').notNull(),
  updatedBy: integer('updated_by'),
});

// ---- mail (issue 5) ----

/** SMTP accounts mail goes out through (PR-6 names one per report; templates may name one). */
export const smtpAccounts = pgTable(
  'smtp_accounts',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull().unique(),
    host: text('host').notNull(),
    port: integer('port').notNull(),
    security: text('security').notNull().$type<'none' | 'starttls' | 'tls'>(),
    username: text('username'),
    /** never returned by the API (it says hasPassword) */
    password: text('password'),
    fromAddress: text('from_address').notNull(),
    fromName: text('from_name').notNull().default(''),
    isDefault: boolean('is_default').notNull().default(false),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [uniqueIndex('smtp_accounts_one_default').on(t.isDefault).where(sql`is_default`)],
);

/** AC-1 "e-mail from a template" and the reports' subject/intro: text with {{placeholders}}. */
export const mailTemplates = pgTable('mail_templates', {
  id: serial('id').primaryKey(),
  name: text('name').notNull().unique(),
  /** null = the default account */
  accountId: integer('account_id').references(() => smtpAccounts.id, { onDelete: 'set null' }),
  recipient: text('recipient').notNull().default('{{contact.email}}'),
  subject: text('subject').notNull(),
  bodyText: text('body_text').notNull(),
  /** null = HTML derived from the text */
  bodyHtml: text('body_html'),
  createdAt: ts('created_at').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

/** Every mail Parley sends; the idempotency key makes a retried action or report send once. */
export const mailLog = pgTable(
  'mail_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    idempotencyKey: text('idempotency_key').notNull().unique(),
    accountId: integer('account_id'),
    recipient: text('recipient').notNull(),
    subject: text('subject').notNull(),
    state: text('state').notNull().$type<'sending' | 'sent' | 'failed'>(),
    messageId: text('message_id'),
    error: text('error'),
    caseId: bigint('case_id', { mode: 'number' }),
    createdAt: ts('created_at').notNull(),
    sentAt: ts('sent_at'),
  },
  (t) => [index('mail_log_created_idx').on(t.createdAt)],
);

/** PR-4e: mail received (SMTP listener or the provider webhook), matched to a contact or not. */
export const inboundMails = pgTable(
  'inbound_mails',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    receivedAt: ts('received_at').notNull(),
    via: text('via').notNull().$type<'smtp' | 'webhook'>(),
    fromAddress: text('from_address').notNull(),
    toAddress: text('to_address').notNull().default(''),
    subject: text('subject').notNull().default(''),
    text: text('text').notNull().default(''),
    messageId: text('message_id'),
    contactId: bigint('contact_id', { mode: 'number' }),
    /** how many cases got a status from it */
    casesChanged: integer('cases_changed').notNull().default(0),
  },
  (t) => [
    index('inbound_mails_received_idx').on(t.receivedAt),
    // a provider retrying a delivery (same Message-ID) is recorded once
    uniqueIndex('inbound_mails_message_uniq').on(t.messageId).where(sql`message_id is not null`),
  ],
);

/** PR-6: a report sent on a schedule, per process. */
export const reportSchedules = pgTable('report_schedules', {
  id: serial('id').primaryKey(),
  processId: integer('process_id')
    .notNull()
    .references(() => processes.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  cron: text('cron').notNull(),
  timeZone: text('time_zone').notNull(),
  kind: text('kind').notNull().$type<'campaign_results' | 'status_breakdown' | 'agent_results' | 'abandon_rate'>(),
  campaignIds: integer('campaign_ids').array().notNull().default(sql`'{}'::int[]`),
  accountId: integer('account_id').references(() => smtpAccounts.id, { onDelete: 'set null' }),
  recipients: text('recipients').array().notNull(),
  templateId: integer('template_id').references(() => mailTemplates.id, { onDelete: 'set null' }),
  active: boolean('active').notNull().default(true),
  lastSentAt: ts('last_sent_at'),
  createdAt: ts('created_at').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

// ---- inbound (issue 5) ----

/** CB-3: a callback campaign's settings (campaigns.callback_settings) */
export interface CallbackSettings {
  delaySeconds: number;
  agentSharePercent: number;
  order: 'oldest' | 'newest' | 'random';
  priority: 'always' | 'agents_free' | 'no_waiting';
  neverCallNumbers: string[];
  expiryMinutes: number;
  retries: number;
  retryIntervalMinutes: number;
}

/** The simulated network's callers of one queue (telephony/simulated-inbound.ts) */
export interface ArrivalProfile {
  callsPerHour: number;
  /** mean seconds a caller waits before hanging up */
  patienceSeconds: number;
  /** share of callers (0..1) who press the callback key while waiting */
  keyPressShare: number;
  /** mean talk seconds once answered */
  talkSeconds: number;
}

/** An inbound queue ("infolinia"): who answers it and what a missed caller gets (CB-2, CB-5). */
export const inboundQueues = pgTable('inbound_queues', {
  id: serial('id').primaryKey(),
  name: text('name').notNull().unique(),
  /** the dialed number (E.164) */
  number: text('number').notNull().unique(),
  callbackMode: text('callback_mode').notNull().default('none').$type<'none' | 'campaign' | 'ticket'>(),
  /** the callback campaign (mode campaign); in ticket mode the campaign a ticket is called back through */
  callbackCampaignId: integer('callback_campaign_id').references(() => campaigns.id, { onDelete: 'set null' }),
  ticketSubject: text('ticket_subject').notNull().default('Missed call from number %number%'),
  /** CB-2: the key (0-9) that orders a callback; null = none */
  triggerKey: text('trigger_key'),
  /** played after the key press */
  triggerMessage: text('trigger_message'),
  /** CB-2: a caller who hangs up after at least this many seconds in the queue gets a callback; null = never */
  hangupAfterSeconds: integer('hangup_after_seconds'),
  arrivals: jsonb('arrivals').notNull().default({ callsPerHour: 0, patienceSeconds: 60, keyPressShare: 0.2, talkSeconds: 120 }).$type<ArrivalProfile>(),
  createdAt: ts('created_at').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

export const inboundQueueAgents = pgTable(
  'inbound_queue_agents',
  {
    queueId: integer('queue_id')
      .notNull()
      .references(() => inboundQueues.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.queueId, t.userId] }), index('inbound_queue_agents_user_idx').on(t.userId)],
);

export const inboundQueueGroups = pgTable(
  'inbound_queue_groups',
  {
    queueId: integer('queue_id')
      .notNull()
      .references(() => inboundQueues.id, { onDelete: 'cascade' }),
    groupId: integer('group_id')
      .notNull()
      .references(() => agentGroups.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.queueId, t.groupId] })],
);

/** One inbound call: when it arrived, who answered, or how it was missed. */
export const inboundCalls = pgTable(
  'inbound_calls',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    queueId: integer('queue_id').notNull(),
    phone: text('phone').notNull(),
    arrivedAt: ts('arrived_at').notNull(),
    answeredAt: ts('answered_at'),
    agentId: integer('agent_id'),
    endedAt: ts('ended_at'),
    keyPressed: text('key_pressed'),
    /** answered | abandoned | callback (key or hang-up trigger) | ticket | never_call */
    outcome: text('outcome'),
    trigger: text('trigger').$type<'key' | 'hangup'>(),
    callbackCaseId: bigint('callback_case_id', { mode: 'number' }),
    ticketId: integer('ticket_id'),
  },
  (t) => [
    index('inbound_calls_queue_arrived_idx').on(t.queueId, t.arrivedAt),
    // blending: the agent's agent_states row says 'talking' with no dialer call; this says on which inbound call
    uniqueIndex('inbound_calls_agent_open_uniq').on(t.agentId).where(sql`ended_at is null and agent_id is not null`),
  ],
);

/** CB-2, CB-3: what made a callback case and until when it may be dialed. */
export const callbackRequests = pgTable(
  'callback_requests',
  {
    caseId: bigint('case_id', { mode: 'number' })
      .primaryKey()
      .references(() => cases.id, { onDelete: 'cascade' }),
    campaignId: integer('campaign_id').notNull(),
    queueId: integer('queue_id').notNull(),
    phone: text('phone').notNull(),
    firstMissedAt: ts('first_missed_at').notNull(),
    /** the latest missed call: the delay and the expiry count from it */
    missedAt: ts('missed_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    missedCalls: integer('missed_calls').notNull().default(1),
    trigger: text('trigger').notNull().$type<'key' | 'hangup'>(),
  },
  (t) => [index('callback_requests_expiry_idx').on(t.campaignId, t.expiresAt)],
);

/** CB-5: a missed call as a ticket an agent opens and calls back from. */
export const tickets = pgTable(
  'tickets',
  {
    id: serial('id').primaryKey(),
    queueId: integer('queue_id').notNull(),
    phone: text('phone').notNull(),
    contactId: bigint('contact_id', { mode: 'number' }),
    subject: text('subject').notNull(),
    state: text('state').notNull().default('open').$type<'open' | 'closed'>(),
    missedAt: ts('missed_at').notNull(),
    missedCalls: integer('missed_calls').notNull().default(1),
    /** the case the call back was dialed through */
    caseId: bigint('case_id', { mode: 'number' }),
    openedBy: integer('opened_by'),
    closedAt: ts('closed_at'),
    closedBy: integer('closed_by'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    index('tickets_state_idx').on(t.state, t.missedAt),
    // one open ticket per number and queue: a second missed call updates it
    uniqueIndex('tickets_open_phone_uniq').on(t.queueId, t.phone).where(sql`state = 'open'`),
  ],
);
