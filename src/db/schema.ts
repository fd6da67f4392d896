// One schema for PGlite and PostgreSQL. drizzle-kit turns it into SQL migrations in migrations/.
import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, index, integer, jsonb, pgTable, serial, smallint, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

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
  type: text('type').notNull().default('outbound').$type<'outbound' | 'callback'>(),
  state: text('state').notNull().default('draft').$type<'draft' | 'running' | 'paused' | 'stopped' | 'finished'>(),
  createdAt: ts('created_at').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

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
    releasedAt: ts('released_at'),
    createdBy: integer('created_by'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('cases_campaign_contact_uniq').on(t.campaignId, t.contactId),
    index('cases_contact_idx').on(t.contactId),
    // AS-1: a contact is held by at most one campaign at a time; assignment relies on it
    uniqueIndex('cases_active_contact_uniq').on(t.contactId).where(sql`released_at is null`),
  ],
);

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
