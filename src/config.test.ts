import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from './config.ts';

test('defaults: port 3000, embedded database under ./data, Poland, demo data on', () => {
  const c = loadConfig({});
  assert.equal(c.port, 3000);
  assert.equal(c.databaseUrl, undefined);
  assert.match(c.dataDir, /data$/);
  assert.equal(c.defaultCountry, 'PL');
  assert.equal(c.demoData, true);
  assert.ok(Object.isFrozen(c));
});

test('environment values are converted and validated, every problem listed', () => {
  const c = loadConfig({ PORT: '8080', PARLEY_DEMO_DATA: 'false', PARLEY_DEFAULT_COUNTRY: 'CZ', DATABASE_URL: 'postgres://u@h/db' });
  assert.deepEqual([c.port, c.demoData, c.defaultCountry, c.databaseUrl], [8080, false, 'CZ', 'postgres://u@h/db']);
  assert.throws(
    () => loadConfig({ PORT: 'abc', PARLEY_DEFAULT_COUNTRY: 'poland', DATABASE_URL: 'mysql://x' }),
    (err: Error) => {
      assert.match(err.message, /PORT/);
      assert.match(err.message, /PARLEY_DEFAULT_COUNTRY/);
      assert.match(err.message, /DATABASE_URL/);
      return true;
    },
  );
  assert.throws(() => loadConfig({ PARLEY_ADMIN_PASSWORD: 'short' }), /PARLEY_ADMIN_PASSWORD/);
});
