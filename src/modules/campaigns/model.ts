// CP-1..CP-7, CP-10, AS-7: a campaign's settings as the API takes and gives them, and the checks
// that need no database (ranges are in the schemas; cross-field rules are here). The web app
// mirrors CampaignInput and CampaignOut.
import { profileProblem } from '../telephony/profile.ts';
import { type Static, Type } from 'typebox';
import type { campaigns } from '../../db/schema.ts';
import { DateTime, INT4_MAX, NullableDateTime, OneOf } from '../../http.ts';
import { invalid } from '../../shared/errors.ts';
import { ContactFilter } from '../contacts/filter.ts';
import { normalizePhone } from '../contacts/phone.ts';
import type { RetryRule } from '../statuses/types.ts';
import { isValidTimeZone, validateWeeklyHours } from './hours.ts';
import { CallbackSettingsSchema, normalizeCallbackSettings } from '../inbound/callback-rules.ts';

export type Campaign = typeof campaigns.$inferSelect;
export type CampaignValues = Partial<typeof campaigns.$inferInsert>;

export const MIN_CAMPAIGN_ID = 10000;
export const MAX_CAMPAIGN_ID = 99999;
export const campaignStates = ['draft', 'running', 'paused', 'stopped', 'finished'] as const;
export type CampaignState = (typeof campaignStates)[number];

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Id = () => Type.Integer({ minimum: 1, maximum: INT4_MAX });
/**
 * An integer or null as ONE type: with anyOf, ajv's type coercion would turn a refused 0 into
 * null (the null branch coerces it) and accept it.
 */
const DateOrNull = (description: string) => Type.Unsafe<string | null>({ type: ['string', 'null'], format: 'date-time', description });
const IntOrNull = (opts: { minimum: number; maximum: number; description?: string }) => Type.Unsafe<number | null>({ type: ['integer', 'null'], ...opts });

export const CampaignId = Type.Integer({ minimum: MIN_CAMPAIGN_ID, maximum: MAX_CAMPAIGN_ID, description: '5-digit campaign id' });
export const CampaignStateSchema = OneOf(campaignStates);

/** CP-5: a script answer's key, stored as a case/attempt parameter. */
export const SCRIPT_KEY = '^[a-z][a-z0-9_]{0,39}$';
const Key = Type.String({ pattern: SCRIPT_KEY });
const Label = Type.String({ minLength: 1, maxLength: 500 });

/** CP-5: one element of a call script (a form). */
export const ScriptItem = Type.Union([
  Type.Object({ kind: Type.Literal('text'), text: Type.String({ minLength: 1, maxLength: 10_000 }) }, { additionalProperties: false }),
  Type.Object(
    {
      kind: Type.Literal('question'),
      key: Key,
      label: Label,
      options: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { minItems: 2, maxItems: 20 }),
      multiple: Type.Optional(Type.Boolean()),
    },
    { additionalProperties: false },
  ),
  Type.Object({ kind: Type.Literal('checkbox'), key: Key, label: Label }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('field'), key: Key, label: Label, type: OneOf(['text', 'number', 'date'] as const) }, { additionalProperties: false }),
]);
export type ScriptItem = Static<typeof ScriptItem>;
export const Script = Type.Array(ScriptItem, { maxItems: 100 });

/** CP-4: statuses/types.ts RetryRule as a schema. */
export const RetryRuleSchema = Type.Object(
  {
    when: Type.Object(
      {
        connected: Type.Optional(Type.Boolean()),
        statusIds: Type.Optional(Type.Array(Id(), { minItems: 1, maxItems: 100 })),
        attemptsAtLeast: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
        attemptsAtMost: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
      },
      { additionalProperties: false },
    ),
    action: Type.Union([
      Type.Object({ kind: Type.Literal('call_again'), delayMinutes: Type.Integer({ minimum: 0, maximum: 100_000 }) }, { additionalProperties: false }),
      Type.Object({ kind: Type.Literal('delete') }, { additionalProperties: false }),
      Type.Object({ kind: Type.Literal('add_parameter'), key: Key, value: Type.String({ maxLength: 500 }) }, { additionalProperties: false }),
    ]),
  },
  { additionalProperties: false },
);
// the schema and the engine's type must stay the same shape
const _sameShape: RetryRule[] = [] as Static<typeof RetryRuleSchema>[];

const HHMM = Type.String({ pattern: '^\\d\\d:\\d\\d$', description: 'HH:MM' });
const Day = Type.Array(Type.Tuple([HHMM, HHMM]), { maxItems: 24 });
export const WorkingHours = Type.Object(
  { mon: Day, tue: Day, wed: Day, thu: Day, fri: Day, sat: Day, sun: Day },
  { additionalProperties: false, description: 'per weekday, [start, end) local intervals ("24:00" may end one); [] = closed' },
);
export const LocalWindow = Type.Object(
  { start: HHMM, end: HHMM },
  { additionalProperties: false, description: "the contact's permitted local hours; start after end runs over midnight" },
);

// CP-7: the filter deciding which contacts join; a stored selection and "only free" make no sense here
const { ids: _ids, onlyFree: _onlyFree, ...filterProps } = ContactFilter.properties;
export const CampaignContactFilter = Type.Object(filterProps, { additionalProperties: false });

/** Every setting of a campaign; all optional except the name (on create). */
const settings = {
  id: Type.Optional(CampaignId),
  description: Type.Optional(Type.String({ maxLength: 5000 })),
  type: Type.Optional(OneOf(['outbound', 'callback'] as const)),
  validFrom: Type.Optional(DateOrNull('null = valid from the start')),
  validTo: Type.Optional(DateOrNull('null = no end')),
  timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'IANA zone of the working hours' })),
  workingHours: Type.Optional(WorkingHours),
  localWindow: Type.Optional(LocalWindow),
  sortOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000, description: 'order among campaigns (first)' })),
  parity: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: 'share of calls among campaigns of equal order' })),
  recordCalls: Type.Optional(Type.Boolean()),
  callerIds: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { maxItems: 100 })),
  callerIdRandom: Type.Optional(Type.Boolean({ description: 'rotate the caller ids (needs two or more)' })),
  mode: Type.Optional(OneOf(['preview', 'progressive', 'predictive'] as const)),
  previewSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 600, description: 'before-call-work limit; 0 = the agent dials' })),
  pickupRate: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: 'predictive: expected % of answered calls' })),
  goal: Type.Optional(OneOf(['exhaust', 'endless'] as const)),
  retryRules: Type.Optional(Type.Array(RetryRuleSchema, { maxItems: 20 })),
  maxAttempts: Type.Optional(IntOrNull({ minimum: 1, maximum: 100, description: 'null = no limit' })),
  retryDelayMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
  script: Type.Optional(Script),
  confirmationScript: Type.Optional(Script),
  phoneColumn: Type.Optional(OneOf(['phone1', 'phone2'] as const)),
  contactFilter: Type.Optional(Nullable(CampaignContactFilter)),
  processId: Type.Optional(IntOrNull({ minimum: 1, maximum: INT4_MAX, description: 'null = the dictionary statuses (CP-10)' })),
  successLimitPerAgent: Type.Optional(IntOrNull({ minimum: 1, maximum: INT4_MAX, description: 'AS-7; null = none' })),
  callbackGraceMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_080 })),
  abandonCapPercent: Type.Optional(Type.Number({ minimum: 0, maximum: 100, description: 'DL-3: the abandon-rate cap (abandoned / live answers), %' })),
  abandonWindow: Type.Optional(OneOf(['24h', '30d', 'lifetime'] as const)),
  abandonThresholdSeconds: Type.Optional(
    Type.Number({ minimum: 0.5, maximum: 30, description: 'an answered call not connected within this many seconds is abandoned' }),
  ),
  abandonLockoutHours: Type.Optional(
    IntOrNull({ minimum: 1, maximum: 720, description: 'no predictive redial of an abandoned number for this long (UK: 72); null = none' }),
  ),
  abandonMessage: Type.Optional(Type.String({ maxLength: 500, description: 'played to an abandoned call' })),
  ringTimeoutSeconds: Type.Optional(Type.Integer({ minimum: 15, maximum: 120, description: 'ring at least 15 s before giving up' })),
  maxLinesPerAgent: Type.Optional(Type.Number({ minimum: 1, maximum: 10 })),
  wrapUpSeconds: Type.Optional(IntOrNull({ minimum: 5, maximum: 3600, description: 'wrap-up limit; null = none' })),
  amdEnabled: Type.Optional(Type.Boolean({ description: 'answering-machine detection on the network' })),
  amdMachineAction: Type.Optional(OneOf(['hangup', 'connect'] as const)),
  amdFalsePositivePercent: Type.Optional(
    Type.Number({ minimum: 0, maximum: 50, description: "AMD's false-positive rate, %: the expected people hung up on as machines count as abandons" }),
  ),
  networkProfile: Type.Optional(
    Nullable(Type.Record(Type.String(), Type.Unknown(), { description: 'simulated network customers (outcome mix, timings); null = default' })),
  ),
  callbackSettings: Type.Optional(Nullable(CallbackSettingsSchema)),
  agentIds: Type.Optional(Type.Array(Id(), { maxItems: 10_000, description: 'the agents assigned one by one (replaces the set)' })),
  agentGroupIds: Type.Optional(Type.Array(Id(), { maxItems: 1000, description: 'the agent groups assigned (replaces the set)' })),
};
const Name = Type.String({ minLength: 1, maxLength: 200 });

export const CampaignInput = Type.Object({ ...settings, name: Name }, { additionalProperties: false });
export type CampaignInput = Static<typeof CampaignInput>;

/** PATCH: any field; `state` is still accepted and goes through the state machine. */
export const CampaignPatch = Type.Object(
  { ...settings, name: Type.Optional(Name), state: Type.Optional(CampaignStateSchema) },
  { additionalProperties: false },
);
export type CampaignPatch = Static<typeof CampaignPatch>;

const NullableInt = Nullable(Type.Integer());
const Counts = { total: Type.Integer(), unused: Type.Integer({ description: 'cases not released and not closed' }) };

export const CampaignListItem = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  type: Type.String(),
  state: Type.String(),
  mode: Type.String(),
  processId: NullableInt,
  sortOrder: Type.Integer(),
  parity: Type.Integer(),
  validFrom: NullableDateTime(),
  validTo: NullableDateTime(),
  createdAt: DateTime(),
  ...Counts,
});

export const Readiness = Type.Object({ ok: Type.Boolean(), problems: Type.Array(Type.String()) });

export const CampaignOut = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  description: Type.String(),
  type: Type.String(),
  state: Type.String(),
  validFrom: NullableDateTime(),
  validTo: NullableDateTime(),
  timeZone: Type.String(),
  workingHours: Type.Record(Type.String(), Type.Array(Type.Array(Type.String()))),
  localWindow: Type.Object({ start: Type.String(), end: Type.String() }),
  sortOrder: Type.Integer(),
  parity: Type.Integer(),
  recordCalls: Type.Boolean(),
  callerIds: Type.Array(Type.String()),
  callerIdRandom: Type.Boolean(),
  mode: Type.String(),
  previewSeconds: Type.Integer(),
  pickupRate: Type.Integer(),
  goal: Type.String(),
  retryRules: Type.Array(Type.Unknown()),
  maxAttempts: NullableInt,
  retryDelayMinutes: Type.Integer(),
  script: Type.Array(Type.Unknown()),
  confirmationScript: Type.Array(Type.Unknown()),
  phoneColumn: Type.String(),
  contactFilter: Nullable(Type.Record(Type.String(), Type.Unknown())),
  processId: NullableInt,
  successLimitPerAgent: NullableInt,
  callbackGraceMinutes: Type.Integer(),
  abandonCapPercent: Type.Number(),
  abandonWindow: Type.String(),
  abandonThresholdSeconds: Type.Number(),
  abandonLockoutHours: NullableInt,
  abandonMessage: Type.String(),
  ringTimeoutSeconds: Type.Integer(),
  maxLinesPerAgent: Type.Number(),
  wrapUpSeconds: NullableInt,
  amdEnabled: Type.Boolean(),
  amdMachineAction: Type.String(),
  amdFalsePositivePercent: Type.Number(),
  networkProfile: Nullable(Type.Record(Type.String(), Type.Unknown())),
  callbackSettings: Nullable(CallbackSettingsSchema),
  clonedFrom: NullableInt,
  agentIds: Type.Array(Type.Integer()),
  agentGroupIds: Type.Array(Type.Integer()),
  ...Counts,
  ready: Readiness,
  createdAt: DateTime(),
  updatedAt: DateTime(),
});

// ---- checks -------------------------------------------------------------------------------

const time = (s: string) => {
  const m = /^(\d\d):(\d\d)$/.exec(s);
  return m && Number(m[2]) < 60 ? Number(m[1]) * 60 + Number(m[2]) : Number.NaN;
};

function checkLocalWindow(w: { start: string; end: string }) {
  const start = time(w.start);
  const end = time(w.end);
  if (!(start < 24 * 60)) throw invalid('localWindow.start', `"${w.start}" is not a time (HH:MM, 00:00–23:59)`);
  if (!(end <= 24 * 60)) throw invalid('localWindow.end', `"${w.end}" is not a time (HH:MM, up to 24:00)`);
  if (start === end) throw invalid('localWindow.end', 'The permitted local hours must not start and end at the same time');
}

/** CP-6: E.164, in the order given, without repeats. */
export function normalizeCallerIds(raw: string[], defaultCountry: string): string[] {
  const out: string[] = [];
  raw.forEach((number, i) => {
    const r = normalizePhone(number, defaultCountry);
    if (!r.ok) throw invalid(`callerIds[${i}]`, r.reason);
    if (!out.includes(r.e164)) out.push(r.e164);
  });
  return out;
}

/** CP-5: keys unique within the script, answers unique within a question. */
export function checkScript(items: ScriptItem[], field: string) {
  const keys = new Set<string>();
  items.forEach((item, i) => {
    if (item.kind === 'text') return;
    if (keys.has(item.key)) throw invalid(`${field}[${i}].key`, `The key "${item.key}" is used twice in the script`);
    keys.add(item.key);
    if (item.kind !== 'question') return;
    const seen = new Set<string>();
    item.options.forEach((o, j) => {
      const norm = o.trim().toLowerCase();
      if (!norm) throw invalid(`${field}[${i}].options[${j}]`, 'An answer must not be blank');
      if (seen.has(norm)) throw invalid(`${field}[${i}].options[${j}]`, `The answer "${o}" is given twice`);
      seen.add(norm);
    });
  });
}

function checkRetryRules(rules: RetryRule[]) {
  rules.forEach((r, i) => {
    const { attemptsAtLeast: lo, attemptsAtMost: hi } = r.when;
    if (lo !== undefined && hi !== undefined && lo > hi)
      throw invalid(`retryRules[${i}].when.attemptsAtMost`, 'The attempt range is empty (at most < at least)');
  });
}

const toDate = (s: string | null | undefined, field: string) => {
  if (s === undefined || s === null) return s;
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) throw invalid(field, `"${s}" is not a date and time`);
  return d;
};

/**
 * The column values of the settings present in `input`, normalised, checked against each other
 * as they will be after saving (`before` = the stored campaign on update). The database checks
 * (name, id, process, agents, statuses of retry rules) are the repository's.
 */
export function campaignValues(input: CampaignPatch, before: Campaign | undefined, opts: { defaultCountry: string }): CampaignValues {
  const v: CampaignValues = {};
  if (input.name !== undefined) {
    v.name = input.name.trim();
    if (!v.name) throw invalid('name', 'A campaign needs a name');
  }
  if (input.description !== undefined) v.description = input.description.trim();
  if (input.type !== undefined) v.type = input.type;
  if (input.validFrom !== undefined) v.validFrom = toDate(input.validFrom, 'validFrom');
  if (input.validTo !== undefined) v.validTo = toDate(input.validTo, 'validTo');
  const from = v.validFrom !== undefined ? v.validFrom : (before?.validFrom ?? null);
  const to = v.validTo !== undefined ? v.validTo : (before?.validTo ?? null);
  if (from && to && to <= from) throw invalid('validTo', 'A campaign must end after it starts');
  if (input.timeZone !== undefined) {
    if (!isValidTimeZone(input.timeZone)) throw invalid('timeZone', `"${input.timeZone}" is not an IANA time zone (e.g. Europe/Warsaw)`);
    v.timeZone = input.timeZone;
  }
  if (input.workingHours !== undefined) v.workingHours = validateWeeklyHours(input.workingHours);
  if (input.localWindow !== undefined) {
    checkLocalWindow(input.localWindow);
    v.localWindow = { start: input.localWindow.start, end: input.localWindow.end };
  }
  for (const k of [
    'sortOrder',
    'parity',
    'recordCalls',
    'callerIdRandom',
    'mode',
    'previewSeconds',
    'pickupRate',
    'goal',
    'maxAttempts',
    'retryDelayMinutes',
    'phoneColumn',
    'processId',
    'successLimitPerAgent',
    'callbackGraceMinutes',
    'abandonCapPercent',
    'abandonWindow',
    'abandonThresholdSeconds',
    'abandonLockoutHours',
    'abandonMessage',
    'ringTimeoutSeconds',
    'maxLinesPerAgent',
    'wrapUpSeconds',
    'amdEnabled',
    'amdMachineAction',
    'amdFalsePositivePercent',
  ] as const) {
    if (input[k] !== undefined) (v as Record<string, unknown>)[k] = input[k];
  }
  if (input.networkProfile !== undefined) {
    const problem = input.networkProfile && profileProblem(input.networkProfile);
    if (problem) throw invalid('networkProfile', problem);
    v.networkProfile = input.networkProfile;
  }
  if ((v.type ?? before?.type) === 'callback' && (v.mode ?? before?.mode ?? 'preview') !== 'preview')
    throw invalid('mode', 'A callback campaign works in preview: the agent reads the record for the preview time, then the call is dialed');
  if (input.callbackSettings !== undefined)
    v.callbackSettings = input.callbackSettings && normalizeCallbackSettings(input.callbackSettings, opts.defaultCountry);
  if (input.callerIds !== undefined) v.callerIds = normalizeCallerIds(input.callerIds, opts.defaultCountry);
  const callerIds = v.callerIds ?? before?.callerIds ?? [];
  const random = v.callerIdRandom ?? before?.callerIdRandom ?? false;
  if (random && callerIds.length < 2)
    throw invalid(input.callerIdRandom !== undefined ? 'callerIdRandom' : 'callerIds', 'The randomiser needs two or more caller ids');
  if (input.retryRules !== undefined) {
    checkRetryRules(input.retryRules);
    v.retryRules = input.retryRules;
  }
  if (input.script !== undefined) {
    checkScript(input.script, 'script');
    v.script = input.script;
  }
  if (input.confirmationScript !== undefined) {
    checkScript(input.confirmationScript, 'confirmationScript');
    v.confirmationScript = input.confirmationScript;
  }
  if (input.contactFilter !== undefined) v.contactFilter = input.contactFilter;
  return v;
}
