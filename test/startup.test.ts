// What a newcomer meets: `node src/main.ts` on an empty folder creates the admin, prints the
// URL and password once, loads the demo, and a restart keeps the data without repeating it.
// Also: two processes can never open the same embedded database folder.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-start-'));
after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function start(extraEnv: Record<string, string> = {}): Promise<{ child: ChildProcess; output: string; url: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', PARLEY_DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...extraEnv };
  delete env.DATABASE_URL; // the newcomer's path: embedded database
  const child = spawn(process.execPath, ['src/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within 60 s:\n${output}`)), 60_000);
    const onData = (d: Buffer) => {
      output += d.toString();
      const url = output.match(/open (http:\/\/\S+)/)?.[1];
      if (url && /Database:/.test(output)) {
        clearTimeout(timer);
        setTimeout(() => resolve({ child, output, url }), 200);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}:\n${output}`));
    });
  });
}

const stop = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    child.removeAllListeners('exit');
    child.on('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });

test('first start: admin password printed once, demo loaded, sign-in works; restart keeps data', async () => {
  const first = await start();
  const password = first.output.match(/sign in as "admin" with password "([^"]+)"/)?.[1];
  assert.ok(password, first.output);
  assert.match(first.output, /Demo data loaded/);
  const login = await fetch(`${first.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password }),
  });
  assert.equal(login.status, 200);
  const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
  const count = (await (await fetch(`${first.url}/api/contacts/count?onlyFree=false`, { headers: { cookie } })).json()) as { count: number };
  assert.equal(count.count, 500);
  // the demo campaigns are running with the Warsaw and Kraków contacts assigned, and the callback
  // campaign of the demo hotline runs empty until a caller misses the agent
  const get = async <T>(url: string) => (await (await fetch(`${first.url}${url}`, { headers: { cookie } })).json()) as T;
  const campaigns = await get<{ id: number; name: string; type: string; state: string; total: number }[]>('/api/campaigns');
  assert.deepEqual(
    campaigns.map((c) => [c.name, c.type, c.state, c.total]),
    [
      ['Demo: ankieta satysfakcji', 'outbound', 'running', 100],
      ['Demo: oddzwonienia', 'callback', 'running', 0],
      ['Demo: oferta jesienna', 'outbound', 'running', 100],
    ],
  );
  const users = await get<{ id: number; username: string }[]>('/api/users');
  const userId = (name: string) => users.find((u) => u.username === name)?.id;
  const queues = await get<{ agentIds: number[]; callbackMode: string; callbackCampaignId: number; triggerKey: string; hangupAfterSeconds: number; arrivals: { callsPerHour: number } }[]>(
    '/api/inbound/queues',
  );
  assert.equal(queues.length, 1);
  assert.deepEqual(queues[0].agentIds, [userId('agent')]);
  assert.equal(queues[0].callbackMode, 'campaign');
  assert.equal(queues[0].callbackCampaignId, campaigns[1].id);
  assert.equal(queues[0].triggerKey, '1');
  assert.equal(queues[0].hangupAfterSeconds, 30);
  assert.ok(queues[0].arrivals.callsPerHour > 0 && queues[0].arrivals.callsPerHour <= 30, 'a modest arrival rate');
  // the survey process has a status whose action notifies the demo supervisor, and saves clean
  const [proc] = await get<{ id: number }[]>('/api/processes');
  const survey = await get<{ statuses: { key: string; exits: { actions: { kind: string; param: string }[] } }[]; findings: { severity: string }[] }>(
    `/api/processes/${proc.id}`,
  );
  const actions = survey.statuses.flatMap((s) => s.exits.actions);
  assert.deepEqual(actions, [{ kind: 'notification', param: String(userId('supervisor')), delay: null, successStatusKey: null, failureStatusKey: null }]);
  assert.deepEqual(survey.findings.filter((f) => f.severity === 'error'), []);

  // a second process on the same folder is refused while the first runs
  await assert.rejects(start(), /in use by process/);
  assert.equal(await stop(first.child), 0, 'SIGTERM shuts down cleanly');

  const second = await start();
  assert.doesNotMatch(second.output, /password "/, 'the password is shown only once');
  assert.doesNotMatch(second.output, /Demo data loaded/);
  const again = await fetch(`${second.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password }),
  });
  assert.equal(again.status, 200, 'the data survived the restart');
  await stop(second.child);
});

test('a bad environment stops the start with a message naming the variable', async () => {
  await assert.rejects(start({ PORT: 'eighty' }), /PORT/);
});
