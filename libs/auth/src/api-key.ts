import { createHash, randomBytes } from 'node:crypto';

/**
 * Secret keys (`sk_live_`) authenticate API calls and belong to an organization; write keys
 * (`pk_live_`) only send events, sit in shop pages and belong to a project. The body is 32 random
 * bytes in base64url, so a key is its own 256-bit secret: a plain SHA-256 is enough to store it
 * (there is nothing to brute-force, unlike a password) and lets a key be looked up by its hash.
 */
export const apiKeyPrefixes = { secret: 'sk_live_', write: 'pk_live_' } as const;

export type ApiKeyKind = keyof typeof apiKeyPrefixes;

/** How many leading characters are kept to recognise a key in a list ("sk_live_AbCd"): never enough to use it. */
export const API_KEY_DISPLAY_PREFIX_LENGTH = 12;

const KEY_BYTES = 32;
const apiKeyPattern = /^(sk|pk)_live_[A-Za-z0-9_-]{43}$/;

export interface GeneratedApiKey {
  /** Shown to its owner once, never stored. */
  key: string;
  /** sha256 of the key, lower-case hex: what is stored and looked up. */
  keyHash: string;
  /** The first characters of the key, to recognise it. */
  keyPrefix: string;
}

export function generateApiKey(kind: ApiKeyKind): GeneratedApiKey {
  const key = `${apiKeyPrefixes[kind]}${randomBytes(KEY_BYTES).toString('base64url')}`;
  return { key, keyHash: hashApiKey(key), keyPrefix: key.slice(0, API_KEY_DISPLAY_PREFIX_LENGTH) };
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** The kind of a well-formed key, or null for anything else (a token, a typo, a truncated paste). */
export function apiKeyKindOf(candidate: string): ApiKeyKind | null {
  if (!apiKeyPattern.test(candidate)) return null;
  return candidate.startsWith(apiKeyPrefixes.secret) ? 'secret' : 'write';
}

export const KEY_HASH_PATTERN = /^[0-9a-f]{64}$/;
