import { createHash, randomBytes } from 'node:crypto';

export interface GeneratedApiKey {
  key: string;
  keyHash: string;
  keyPrefix: string;
}

/** 32 random bytes: a fast hash is safe for keys of that entropy, and lookups stay one index probe. */
export function generateApiKey(kind: 'write' | 'secret'): GeneratedApiKey {
  const key = `${kind === 'write' ? 'pk' : 'sk'}_live_${randomBytes(32).toString('base64url')}`;
  return { key, keyHash: hashApiKey(key), keyPrefix: key.slice(0, 12) };
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
