import { DomainRuleException, requireName, requireOrigins, type Decider } from '@pulse/domain';

/** Only a hash and a display prefix of a key ever leave the command handler: never the key. */
export interface KeyFingerprint {
  keyHash: string;
  keyPrefix: string;
}

export type ApiKeyCommand =
  | {
      type: 'IssueWriteKey';
      data: {
        keyId: string;
        organizationId: string;
        projectId: string;
        name: string;
        allowedOrigins: string[];
      } & KeyFingerprint;
    }
  | { type: 'RotateWriteKey'; data: { keyId: string } & KeyFingerprint }
  | { type: 'ChangeWriteKeyOrigins'; data: { keyId: string; allowedOrigins: string[] } }
  | {
      type: 'IssueSecretKey';
      data: { keyId: string; organizationId: string; name: string; projectScope: string[] | null } & KeyFingerprint;
    }
  | { type: 'RevokeApiKey'; data: { keyId: string; revokedBy: string } };

export type ApiKeyEvent =
  | {
      type: 'WriteKeyIssued';
      data: {
        keyId: string;
        organizationId: string;
        projectId: string;
        name: string;
        allowedOrigins: string[];
      } & KeyFingerprint;
    }
  | { type: 'WriteKeyRotated'; data: { keyId: string; previousKeyHash: string } & KeyFingerprint }
  | { type: 'WriteKeyOriginsChanged'; data: { keyId: string; allowedOrigins: string[] } }
  | {
      type: 'SecretKeyIssued';
      data: { keyId: string; organizationId: string; name: string; projectScope: string[] | null } & KeyFingerprint;
    }
  | { type: 'ApiKeyRevoked'; data: { keyId: string; revokedBy: string } };

export type ApiKeyState =
  | { status: 'absent' }
  | {
      status: 'active' | 'revoked';
      kind: 'write' | 'secret';
      keyId: string;
      organizationId: string;
      keyHash: string;
      allowedOrigins: string[];
    };

function requireActive(state: ApiKeyState) {
  if (state.status === 'absent') throw new DomainRuleException('NOT_FOUND', 'no such key');
  if (state.status === 'revoked') throw new DomainRuleException('GONE', 'the key is revoked');
  return state;
}

function requireWriteKey(state: ApiKeyState, action: string) {
  const key = requireActive(state);
  if (key.kind !== 'write') {
    throw new DomainRuleException(
      'VALIDATION_FAILED',
      `only write keys can be ${action}; issue a new secret key and revoke this one`,
    );
  }
  return key;
}

function requireScope(projectScope: string[] | null): string[] | null {
  if (projectScope === null) return null;
  if (projectScope.length === 0) {
    throw new DomainRuleException(
      'VALIDATION_FAILED',
      'projectScope must name at least one project, or be null for all',
      'projectScope',
    );
  }
  return [...new Set(projectScope)];
}

/**
 * Write keys belong to a project and are public (they sit in shop pages), so they are limited to
 * allowed origins and rotatable. Secret keys belong to an organization, optionally scoped to some
 * projects, are shown once and can only be revoked.
 */
export const apiKeyDecider: Decider<ApiKeyCommand, ApiKeyEvent, ApiKeyState> = {
  initialState: { status: 'absent' },

  decide(command, state) {
    switch (command.type) {
      case 'IssueWriteKey': {
        if (state.status !== 'absent') throw new DomainRuleException('ALREADY_EXISTS', 'the key already exists');
        const { allowedOrigins, name } = command.data;
        return [
          {
            type: 'WriteKeyIssued',
            data: { ...command.data, name: requireName(name), allowedOrigins: requireOrigins(allowedOrigins) },
          },
        ];
      }
      case 'RotateWriteKey': {
        const key = requireWriteKey(state, 'rotated');
        return [{ type: 'WriteKeyRotated', data: { ...command.data, previousKeyHash: key.keyHash } }];
      }
      case 'ChangeWriteKeyOrigins': {
        const key = requireWriteKey(state, 'restricted to origins');
        const allowedOrigins = requireOrigins(command.data.allowedOrigins);
        const unchanged =
          allowedOrigins.length === key.allowedOrigins.length &&
          allowedOrigins.every((origin, i) => origin === key.allowedOrigins[i]);
        return unchanged ? [] : [{ type: 'WriteKeyOriginsChanged', data: { keyId: key.keyId, allowedOrigins } }];
      }
      case 'IssueSecretKey': {
        if (state.status !== 'absent') throw new DomainRuleException('ALREADY_EXISTS', 'the key already exists');
        return [
          {
            type: 'SecretKeyIssued',
            data: {
              ...command.data,
              name: requireName(command.data.name),
              projectScope: requireScope(command.data.projectScope),
            },
          },
        ];
      }
      case 'RevokeApiKey': {
        const key = requireActive(state);
        return [{ type: 'ApiKeyRevoked', data: { keyId: key.keyId, revokedBy: command.data.revokedBy } }];
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'WriteKeyIssued':
        return {
          status: 'active',
          kind: 'write',
          keyId: event.data.keyId,
          organizationId: event.data.organizationId,
          keyHash: event.data.keyHash,
          allowedOrigins: event.data.allowedOrigins,
        };
      case 'SecretKeyIssued':
        return {
          status: 'active',
          kind: 'secret',
          keyId: event.data.keyId,
          organizationId: event.data.organizationId,
          keyHash: event.data.keyHash,
          allowedOrigins: [],
        };
      case 'WriteKeyRotated':
        return state.status === 'absent' ? state : { ...state, keyHash: event.data.keyHash };
      case 'WriteKeyOriginsChanged':
        return state.status === 'absent' ? state : { ...state, allowedOrigins: event.data.allowedOrigins };
      case 'ApiKeyRevoked':
        return state.status === 'absent' ? state : { ...state, status: 'revoked' };
    }
  },
};
