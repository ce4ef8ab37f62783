import type { IncomingMessage, ServerResponse } from 'node:http';

/** The shape of the errors the JSON body parser raises (http-errors): a status and a safe message. */
interface HttpError {
  status?: number;
  statusCode?: number;
  expose?: boolean;
  message?: string;
  type?: string;
}

const codeByStatus: Record<number, string> = {
  400: 'BAD_REQUEST',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

function describe(error: HttpError, status: number): string {
  if (error.type === 'entity.parse.failed') return `malformed JSON body: ${error.message ?? 'cannot parse'}`;
  if (status === 413) return 'request body too large';
  return error.expose && error.message ? error.message : 'bad request';
}

/**
 * Nest parses JSON bodies before any route runs, so a malformed or oversized body never reaches
 * Apollo and would get Nest's generic error shape. For /graphql it gets a GraphQL response
 * instead: `{ errors: [{ message, extensions: { code } }] }` with the parser's 4xx status.
 */
export function graphqlBodyErrorHandler(
  error: unknown,
  _request: IncomingMessage,
  response: ServerResponse,
  next: (error?: unknown) => void,
): void {
  const httpError: HttpError = typeof error === 'object' && error !== null ? error : {};
  const status = httpError.status ?? httpError.statusCode;
  if (status === undefined || status < 400 || status >= 500 || response.headersSent) {
    next(error);
    return;
  }
  const body = {
    errors: [{ message: describe(httpError, status), extensions: { code: codeByStatus[status] ?? 'BAD_REQUEST' } }],
  };
  response.statusCode = status;
  response.setHeader('content-type', 'application/json; charset=utf-8');
  response.end(JSON.stringify(body));
}
