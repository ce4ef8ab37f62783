import { specFor } from '@pulse/testing';
import { apiKeyDecider, type ApiKeyEvent } from './api-key.decider';

const spec = specFor(apiKeyDecider);
const writeKeyIssued: ApiKeyEvent = {
  type: 'WriteKeyIssued',
  data: {
    keyId: 'k-1',
    organizationId: 'org-1',
    projectId: 'p-1',
    name: 'Storefront',
    allowedOrigins: ['https://shop.example.com'],
    keyHash: 'hash-1',
    keyPrefix: 'pk_live_abcd',
  },
};
const secretKeyIssued: ApiKeyEvent = {
  type: 'SecretKeyIssued',
  data: {
    keyId: 'k-2',
    organizationId: 'org-1',
    name: 'Reporting',
    projectScope: ['p-1'],
    keyHash: 'hash-2',
    keyPrefix: 'sk_live_abcd',
  },
};
const revoked = (keyId: string): ApiKeyEvent => ({ type: 'ApiKeyRevoked', data: { keyId, revokedBy: 'user-1' } });
const fingerprint = { keyHash: 'hash-3', keyPrefix: 'pk_live_efgh' };

describe('ApiKey', () => {
  describe('IssueWriteKey', () => {
    const issue = (allowedOrigins: string[], name = 'Storefront') =>
      ({
        type: 'IssueWriteKey',
        data: {
          keyId: 'k-1',
          organizationId: 'org-1',
          projectId: 'p-1',
          name,
          allowedOrigins,
          keyHash: 'hash-1',
          keyPrefix: 'pk_live_abcd',
        },
      }) as const;

    it('issues a write key restricted to normalised origins', () =>
      spec([])
        .when(issue(['https://shop.example.com/', 'https://shop.example.com']))
        .then([writeKeyIssued]));
    it('allows http only for localhost', () =>
      spec([])
        .when(issue(['http://shop.example.com']))
        .thenRefuses('VALIDATION_FAILED', 'https origins'));
    it('refuses an origin with a path', () =>
      spec([])
        .when(issue(['https://shop.example.com/checkout']))
        .thenRefuses('VALIDATION_FAILED', 'without a path'));
    it('refuses something that is not a URL', () =>
      spec([])
        .when(issue(['shop.example.com']))
        .thenRefuses('VALIDATION_FAILED', 'origins such as'));
    it('refuses an empty name', () => spec([]).when(issue([], '')).thenRefuses('VALIDATION_FAILED'));
    it('refuses to issue it twice', () => spec([writeKeyIssued]).when(issue([])).thenRefuses('ALREADY_EXISTS'));
  });

  describe('RotateWriteKey', () => {
    it('replaces the hash and remembers the previous one', () =>
      spec([writeKeyIssued])
        .when({ type: 'RotateWriteKey', data: { keyId: 'k-1', ...fingerprint } })
        .then([{ type: 'WriteKeyRotated', data: { keyId: 'k-1', ...fingerprint, previousKeyHash: 'hash-1' } }]));
    it('refuses a secret key', () =>
      spec([secretKeyIssued])
        .when({ type: 'RotateWriteKey', data: { keyId: 'k-2', ...fingerprint } })
        .thenRefuses('VALIDATION_FAILED', 'only write keys'));
    it('refuses a revoked key', () =>
      spec([writeKeyIssued, revoked('k-1')])
        .when({ type: 'RotateWriteKey', data: { keyId: 'k-1', ...fingerprint } })
        .thenRefuses('GONE'));
    it('refuses an unknown key', () =>
      spec([])
        .when({ type: 'RotateWriteKey', data: { keyId: 'k-1', ...fingerprint } })
        .thenRefuses('NOT_FOUND'));
  });

  describe('ChangeWriteKeyOrigins', () => {
    it('changes the allowed origins', () =>
      spec([writeKeyIssued])
        .when({ type: 'ChangeWriteKeyOrigins', data: { keyId: 'k-1', allowedOrigins: ['http://localhost:3000'] } })
        .then([{ type: 'WriteKeyOriginsChanged', data: { keyId: 'k-1', allowedOrigins: ['http://localhost:3000'] } }]));
    it('records nothing when they do not change', () =>
      spec([writeKeyIssued])
        .when({ type: 'ChangeWriteKeyOrigins', data: { keyId: 'k-1', allowedOrigins: ['https://shop.example.com'] } })
        .then([]));
    it('refuses a secret key', () =>
      spec([secretKeyIssued])
        .when({ type: 'ChangeWriteKeyOrigins', data: { keyId: 'k-2', allowedOrigins: [] } })
        .thenRefuses('VALIDATION_FAILED'));
    it('refuses a revoked key', () =>
      spec([writeKeyIssued, revoked('k-1')])
        .when({ type: 'ChangeWriteKeyOrigins', data: { keyId: 'k-1', allowedOrigins: [] } })
        .thenRefuses('GONE'));
  });

  describe('IssueSecretKey', () => {
    const issue = (projectScope: string[] | null) =>
      ({
        type: 'IssueSecretKey',
        data: {
          keyId: 'k-2',
          organizationId: 'org-1',
          name: 'Reporting',
          projectScope,
          keyHash: 'hash-2',
          keyPrefix: 'sk_live_abcd',
        },
      }) as const;

    it('issues a secret key scoped to projects', () =>
      spec([])
        .when(issue(['p-1', 'p-1']))
        .then([secretKeyIssued]));
    it('issues an organization-wide key with a null scope', () =>
      spec([])
        .when(issue(null))
        .then([{ ...secretKeyIssued, data: { ...secretKeyIssued.data, projectScope: null } } as ApiKeyEvent]));
    it('refuses an empty scope', () => spec([]).when(issue([])).thenRefuses('VALIDATION_FAILED', 'projectScope'));
    it('refuses to issue it twice', () => spec([secretKeyIssued]).when(issue(null)).thenRefuses('ALREADY_EXISTS'));
  });

  describe('RevokeApiKey', () => {
    it('revokes a secret key', () =>
      spec([secretKeyIssued])
        .when({ type: 'RevokeApiKey', data: { keyId: 'k-2', revokedBy: 'user-1' } })
        .then([revoked('k-2')]));
    it('revokes a write key', () =>
      spec([writeKeyIssued])
        .when({ type: 'RevokeApiKey', data: { keyId: 'k-1', revokedBy: 'user-1' } })
        .then([revoked('k-1')]));
    it('refuses to revoke twice', () =>
      spec([secretKeyIssued, revoked('k-2')])
        .when({ type: 'RevokeApiKey', data: { keyId: 'k-2', revokedBy: 'user-1' } })
        .thenRefuses('GONE'));
    it('refuses an unknown key', () =>
      spec([])
        .when({ type: 'RevokeApiKey', data: { keyId: 'k-9', revokedBy: 'user-1' } })
        .thenRefuses('NOT_FOUND'));
  });
});
