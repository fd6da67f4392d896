import crypto from 'node:crypto';

// Chance is injected like time: a seeded source makes simulations and tests repeatable.
export interface Random {
  /** uniform in [0, 1) */
  next(): number;
  /** url-safe token of n random bytes (secrets always come from the OS) */
  token(bytes?: number): string;
}

export const systemRandom: Random = {
  next: () => crypto.randomInt(0, 2 ** 47) / 2 ** 47, // randomInt allows a range below 2^48
  token: (bytes = 32) => crypto.randomBytes(bytes).toString('base64url'),
};

/** mulberry32: small, fast, good enough for simulation; never for secrets. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, token: (bytes = 32) => systemRandom.token(bytes) };
}

/** A seed for an independent stream (one per list record, one per agent) derived from a run seed. */
export function deriveSeed(seed: number, ...parts: number[]): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (const p of parts) {
    h = Math.imul(h ^ (p >>> 0), 0x85ebca6b) >>> 0;
    h = (h ^ (h >>> 13)) >>> 0;
    h = Math.imul(h, 0xc2b2ae35) >>> 0;
    h = (h ^ (h >>> 16)) >>> 0;
  }
  return h;
}
