import { GraphQLError } from 'graphql';

/** The stable `extensions.code` values of authentication and authorisation failures. */
export const AuthErrorCode = {
  /** No credential, or one that is malformed, unknown, revoked, expired or wrongly signed. */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** A valid credential that may not do this (federation internals without the gateway's signature). */
  FORBIDDEN: 'FORBIDDEN',
} as const;

export type AuthErrorCode = (typeof AuthErrorCode)[keyof typeof AuthErrorCode];

/**
 * Apollo Server takes the HTTP status of a request-level error from `extensions.http`; the
 * `WWW-Authenticate` header tells HTTP clients which scheme to retry with (RFC 6750).
 */
export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: {
      code: AuthErrorCode.UNAUTHENTICATED,
      http: { status: 401, headers: new Map([['www-authenticate', 'Bearer realm="pulse"']]) },
    },
  });
}

export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: AuthErrorCode.FORBIDDEN, http: { status: 403 } } });
}
