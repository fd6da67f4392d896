// TypeBox schemas of a process as the graph editor sends it (types.ts is the same shape in TS).
import { Type } from 'typebox';
import { OneOf } from '../../http.ts';
import { dialOutcomes, processQualifiers } from '../statuses/types.ts';
import { actionKinds, processKinds } from './types.ts';

const Key = Type.String({ pattern: '^[A-Za-z0-9_-]{1,40}$', description: 'stable key of a status inside its process' });
const NullableKey = Type.Union([Key, Type.Null()]);

export const ActionDefSchema = Type.Object(
  {
    kind: OneOf(actionKinds),
    param: Type.String({ maxLength: 2000 }),
    delay: Type.Union([
      Type.Object({ minutes: Type.Integer({ minimum: 0, maximum: 525_600 }), from: OneOf(['status', 'callback'] as const) }, { additionalProperties: false }),
      Type.Null(),
    ]),
    successStatusKey: NullableKey,
    failureStatusKey: NullableKey,
  },
  { additionalProperties: false },
);

export const StatusExitsSchema = Type.Object(
  {
    script: Type.Array(
      Type.Object(
        { field: Type.String({ minLength: 1, maxLength: 40 }), value: Type.String({ maxLength: 200 }), statusKey: Key },
        { additionalProperties: false },
      ),
      { maxItems: 50 },
    ),
    dialer: Type.Object(Object.fromEntries(dialOutcomes.map((o) => [o, Type.Optional(NullableKey)])), { additionalProperties: false }),
    counter: Type.Union([Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 1000 }), statusKey: Key }, { additionalProperties: false }), Type.Null()]),
    event: Type.Object({ inboundEmail: NullableKey }, { additionalProperties: false }),
    waitingOnDialer: NullableKey,
    actions: Type.Array(ActionDefSchema, { maxItems: 20 }),
  },
  { additionalProperties: false },
);

export const ProcessStatusSchema = Type.Object(
  {
    key: Key,
    name: Type.String({ minLength: 1, maxLength: 100 }),
    description: Type.String({ maxLength: 2000 }),
    responsibleUserId: Type.Union([Type.Integer({ minimum: 1, maximum: 2_147_483_647 }), Type.Null()]),
    availability: OneOf(['agents', 'system'] as const),
    qualifier: OneOf(processQualifiers),
    callbackDelaySeconds: Type.Union([Type.Integer({ minimum: 1, maximum: 31_536_000 }), Type.Null()]),
    callbackAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    color: Type.String({ pattern: '^#[0-9a-fA-F]{6}$' }),
    initial: Type.Boolean(),
    x: Type.Integer({ minimum: -100_000, maximum: 100_000 }),
    y: Type.Integer({ minimum: -100_000, maximum: 100_000 }),
    exits: StatusExitsSchema,
  },
  { additionalProperties: false },
);

export const ProcessDefSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.String({ maxLength: 5000 }),
    kind: OneOf(processKinds),
    inboundStatusKeys: Type.Array(Key, { maxItems: 200 }),
    statuses: Type.Array(ProcessStatusSchema, { maxItems: 200 }),
  },
  { additionalProperties: false },
);

export const LintFindingSchema = Type.Object({
  severity: Type.String(),
  code: Type.String(),
  message: Type.String(),
  statusKey: Type.Optional(Type.String()),
  exit: Type.Optional(Type.String()),
});
