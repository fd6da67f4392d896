// CP-1 routing: agent groups ("routing" to a group of operators) and the agent picker. A campaign
// is worked by its agents assigned one by one and by the members of its groups.
import { asc, eq, inArray, sql } from 'drizzle-orm';
import { Type } from 'typebox';
import type { AppDeps } from '../../app.ts';
import type { Db } from '../../db/client.ts';
import { rows } from '../../db/query.ts';
import { agentGroupMembers, agentGroups, users } from '../../db/schema.ts';
import { type App, DateTime, IdParam, INT4_MAX } from '../../http.ts';
import { AppError, invalid, notFound } from '../../shared/errors.ts';

/** The ids, without repeats, each of a user with the agent role; otherwise 400 naming the index. */
export async function checkAgentIds(db: Db, ids: number[], field: string): Promise<number[]> {
  const unique = [...new Set(ids)];
  if (!unique.length) return [];
  const found = await db.select({ id: users.id, role: users.role }).from(users).where(inArray(users.id, unique));
  const roleOf = new Map(found.map((u) => [u.id, u.role]));
  ids.forEach((id, i) => {
    const role = roleOf.get(id);
    if (!role) throw invalid(`${field}[${i}]`, `User ${id} does not exist`);
    if (role !== 'agent') throw invalid(`${field}[${i}]`, `User ${id} is not an agent (role ${role})`);
  });
  return unique;
}

export interface AgentGroup {
  id: number;
  name: string;
  memberIds: number[];
  createdAt: Date;
}

export async function listAgentGroups(db: Db, only?: number): Promise<AgentGroup[]> {
  // two queries, stitched: no query per group
  const groups = await db
    .select()
    .from(agentGroups)
    .where(only === undefined ? undefined : eq(agentGroups.id, only))
    .orderBy(sql`lower(${agentGroups.name})`, asc(agentGroups.id));
  const members = await db
    .select()
    .from(agentGroupMembers)
    .where(only === undefined ? undefined : eq(agentGroupMembers.groupId, only))
    .orderBy(asc(agentGroupMembers.userId));
  return groups.map((g) => ({ ...g, memberIds: members.filter((m) => m.groupId === g.id).map((m) => m.userId) }));
}

export async function getAgentGroup(db: Db, id: number): Promise<AgentGroup> {
  const [g] = await listAgentGroups(db, id);
  if (!g) throw notFound('Agent group', 'id');
  return g;
}

async function checkGroupName(db: Db, name: string, exceptId?: number): Promise<string> {
  const trimmed = name.trim();
  if (!trimmed) throw invalid('name', 'A group needs a name');
  const taken = await rows<{ id: number }>(
    db,
    sql`select id from agent_groups where lower(name) = lower(${trimmed}) ${exceptId ? sql`and id <> ${exceptId}` : sql``} limit 1`,
  );
  if (taken.length) throw new AppError('conflict', `An agent group named "${trimmed}" exists`, { field: 'name' });
  return trimmed;
}

async function setMembers(db: Db, groupId: number, memberIds: number[]) {
  const ids = await checkAgentIds(db, memberIds, 'memberIds');
  await db.delete(agentGroupMembers).where(eq(agentGroupMembers.groupId, groupId));
  if (ids.length) await db.insert(agentGroupMembers).values(ids.map((userId) => ({ groupId, userId })));
}

export async function createAgentGroup(db: Db, input: { name: string; memberIds?: number[] }, now: Date): Promise<AgentGroup> {
  const id = await db.transaction(async (tx) => {
    const name = await checkGroupName(tx, input.name);
    const [g] = await tx.insert(agentGroups).values({ name, createdAt: now }).onConflictDoNothing().returning();
    if (!g) throw new AppError('conflict', `An agent group named "${name}" exists`, { field: 'name' });
    await setMembers(tx, g.id, input.memberIds ?? []);
    return g.id;
  });
  return getAgentGroup(db, id);
}

export async function updateAgentGroup(db: Db, id: number, input: { name?: string; memberIds?: number[] }): Promise<AgentGroup> {
  await db.transaction(async (tx) => {
    await getAgentGroup(tx, id);
    if (input.name !== undefined) {
      const name = await checkGroupName(tx, input.name, id);
      await tx.update(agentGroups).set({ name }).where(eq(agentGroups.id, id));
    }
    if (input.memberIds !== undefined) await setMembers(tx, id, input.memberIds);
  });
  return getAgentGroup(db, id);
}

/** The campaigns routed to the group lose it (and its members) with it. */
export async function deleteAgentGroup(db: Db, id: number) {
  const gone = await db.delete(agentGroups).where(eq(agentGroups.id, id)).returning({ id: agentGroups.id });
  if (!gone.length) throw notFound('Agent group', 'id');
}

export async function listAgents(db: Db) {
  return db
    .select({ id: users.id, username: users.username, displayName: users.displayName, active: users.active })
    .from(users)
    .where(eq(users.role, 'agent'))
    .orderBy(sql`lower(${users.displayName})`, asc(users.id));
}

// ---- routes ---------------------------------------------------------------------------------

const AgentGroupOut = Type.Object({ id: Type.Integer(), name: Type.String(), memberIds: Type.Array(Type.Integer()), createdAt: DateTime() });
const MemberIds = Type.Array(Type.Integer({ minimum: 1, maximum: INT4_MAX }), { maxItems: 10_000, description: 'agents (users with the agent role)' });
const GroupName = Type.String({ minLength: 1, maxLength: 200 });
export const AgentGroupInput = Type.Object({ name: GroupName, memberIds: Type.Optional(MemberIds) }, { additionalProperties: false });
const AgentGroupPatch = Type.Object({ name: Type.Optional(GroupName), memberIds: Type.Optional(MemberIds) }, { additionalProperties: false });
const AgentOut = Type.Object({ id: Type.Integer(), username: Type.String(), displayName: Type.String(), active: Type.Boolean() });

export function agentGroupRoutes(app: App, { db, clock }: AppDeps) {
  const tags = ['campaigns'];
  app.get(
    '/api/agents',
    { config: { permission: 'campaigns.read' }, schema: { tags, summary: 'Agents, for the routing pickers', response: { 200: Type.Array(AgentOut) } } },
    async () => listAgents(db),
  );
  app.get(
    '/api/agent-groups',
    {
      config: { permission: 'campaigns.read' },
      schema: { tags, summary: 'Agent groups with their members', response: { 200: Type.Array(AgentGroupOut) } },
    },
    async () => listAgentGroups(db),
  );
  app.post(
    '/api/agent-groups',
    {
      config: { permission: 'campaigns.manage' },
      schema: { tags, summary: 'Create an agent group', body: AgentGroupInput, response: { 201: AgentGroupOut } },
    },
    async (req, reply) => reply.code(201).send(await createAgentGroup(db, req.body, clock.now())),
  );
  app.patch(
    '/api/agent-groups/:id',
    {
      config: { permission: 'campaigns.manage' },
      schema: { tags, summary: 'Rename a group or replace its members', params: IdParam, body: AgentGroupPatch, response: { 200: AgentGroupOut } },
    },
    async (req) => updateAgentGroup(db, req.params.id, req.body),
  );
  app.delete(
    '/api/agent-groups/:id',
    {
      config: { permission: 'campaigns.manage' },
      schema: { tags, summary: 'Delete an agent group (campaigns routed to it lose it)', params: IdParam, response: { 204: Type.Null() } },
    },
    async (req, reply) => {
      await deleteAgentGroup(db, req.params.id);
      return reply.code(204).send(null);
    },
  );
}
