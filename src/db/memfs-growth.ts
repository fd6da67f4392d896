// An in-memory PGlite keeps every file of the database in Emscripten's MEMFS, which grows a file
// past 1 MB by 12.5 % at a time and copies all of it on each step: a 16 MB WAL segment being
// zero-filled is copied ~24 times. Doubling instead copies each byte about once (measured: the
// growth function's share of a simulated day 3.3 % → 0.8 %). Only capacity changes; a file's
// bytes and size are exactly as before. When PGlite's build has no such function, nothing is done.
import type { PGlite } from '@electric-sql/pglite';

type MemNode = { contents: Uint8Array | null; usedBytes: number };
interface Memfs {
  expandFileStorage?: (node: MemNode, size: number) => void;
  getFileDataAsTypedArray(node: MemNode): Uint8Array;
}

export function doubleFileGrowth(client: PGlite): boolean {
  const memfs = (client as unknown as { mod?: { MEMFS?: Memfs } }).mod?.MEMFS;
  if (typeof memfs?.expandFileStorage !== 'function') return false;
  memfs.expandFileStorage = (node, size) => {
    const capacity = node.contents?.length ?? 0;
    if (capacity >= size) return;
    const grown = new Uint8Array(Math.max(size, capacity * 2, 256));
    grown.set(memfs.getFileDataAsTypedArray(node));
    node.contents = grown;
  };
  return true;
}
