import crypto from 'node:crypto';

// Chance is injected like time: a seeded source makes simulations and tests repeatable.
export interface Random {
  /** uniform in [0, 1) */
  next(): number;
  /** url-safe token of n random bytes (secrets always come from the OS) */
  token(bytes?: number): string;
}

export const systemRandom: Random = {
  next: () => crypto.randomInt(0, 2 ** 48) / 2 ** 48,
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
