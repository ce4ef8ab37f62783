import { createHash } from 'node:crypto';
import { apiKeyKindOf, generateApiKey, hashApiKey } from './api-key';

describe('API keys', () => {
  it('makes secret keys of 32 random bytes in base64url behind sk_live_', () => {
    const { key, keyHash, keyPrefix } = generateApiKey('secret');
    expect(key).toMatch(/^sk_live_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(key.slice('sk_live_'.length), 'base64url')).toHaveLength(32);
    expect(keyHash).toBe(createHash('sha256').update(key).digest('hex'));
    expect(keyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(keyPrefix).toBe(key.slice(0, 12));
    expect(keyPrefix).toMatch(/^sk_live_.{4}$/);
  });

  it('makes write keys behind pk_live_', () => {
    expect(generateApiKey('write').key).toMatch(/^pk_live_[A-Za-z0-9_-]{43}$/);
  });

  it('never makes the same key twice', () => {
    const keys = new Set(Array.from({ length: 100 }, () => generateApiKey('secret').key));
    expect(keys.size).toBe(100);
  });

  it('hashes deterministically', () => {
    const { key, keyHash } = generateApiKey('secret');
    expect(hashApiKey(key)).toBe(keyHash);
    expect(hashApiKey(`${key}x`)).not.toBe(keyHash);
  });

  it('recognises well-formed keys only', () => {
    const secretKey = generateApiKey('secret').key;
    expect(apiKeyKindOf(secretKey)).toBe('secret');
    expect(apiKeyKindOf(generateApiKey('write').key)).toBe('write');
    expect(apiKeyKindOf(secretKey.slice(0, -1))).toBeNull();
    expect(apiKeyKindOf(`${secretKey}A`)).toBeNull();
    expect(apiKeyKindOf(secretKey.replace('sk_live_', 'sk_test_'))).toBeNull();
    expect(apiKeyKindOf('eyJhbGciOiJIUzI1NiJ9.e30.sig')).toBeNull();
  });
});
