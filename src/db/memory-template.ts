// An in-memory database (`npm run simulate`, the tests) starts from a copy of one already
// initialised and migrated, kept in the OS temp folder under a key of the PGlite version and the
// migration files: initdb and the migrations were about 3 s of every start.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import { migrationsFolder } from './migrate.ts';

function templateFile(): string {
  const pglitePackage = path.join(path.dirname(fileURLToPath(import.meta.resolve('@electric-sql/pglite'))), '../package.json');
  const hash = createHash('sha256').update(fs.readFileSync(pglitePackage));
  const files = fs.readdirSync(migrationsFolder, { recursive: true, encoding: 'utf8' }).sort();
  for (const f of files) {
    const full = path.join(migrationsFolder, f);
    if (fs.statSync(full).isFile()) hash.update(f).update(fs.readFileSync(full));
  }
  return path.join(os.tmpdir(), `parley-pglite-${hash.digest('hex').slice(0, 16)}.tar`);
}

/**
 * The template's tarball, made first if there is none: `create` opens an empty in-memory
 * database (from the tarball when given one), `migrate` brings it up to date.
 */
export async function memoryTemplate(create: (template?: Blob) => Promise<PGlite>, migrate: (client: PGlite) => Promise<void>): Promise<Blob> {
  const file = templateFile();
  if (fs.existsSync(file)) return new Blob([fs.readFileSync(file)]);
  const client = await create();
  try {
    await migrate(client);
    const dump = await client.dumpDataDir('none');
    // written aside and renamed: a concurrent start never reads half a file
    const part = `${file}.${process.pid}.part`;
    fs.writeFileSync(part, Buffer.from(await dump.arrayBuffer()));
    fs.renameSync(part, file);
    return dump;
  } finally {
    await client.close();
  }
}

/** A template that cannot be read is made again next time. */
export function forgetTemplate() {
  fs.rmSync(templateFile(), { force: true });
}
