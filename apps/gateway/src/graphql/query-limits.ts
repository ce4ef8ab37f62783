import type { ApolloServerOptions } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, type GraphQLFormattedError, type ValidationContext, type ValidationRule } from 'graphql';
import type { GraphqlLimits } from '../gateway.config';

/** The stable codes of refused operations; each answers HTTP 400. */
export const QueryLimitCode = {
  DEPTH: 'QUERY_TOO_DEEP',
  COST: 'QUERY_TOO_COMPLEX',
  ALIASES: 'TOO_MANY_ALIASES',
  DIRECTIVES: 'TOO_MANY_DIRECTIVES',
  TOKENS: 'QUERY_TOO_LARGE',
} as const;

type QueryLimitCode = (typeof QueryLimitCode)[keyof typeof QueryLimitCode];

/** The error a limit reports during validation; formatError finds it again to restore its code. */
class QueryLimitError extends GraphQLError {
  constructor(
    message: string,
    readonly limitCode: QueryLimitCode,
  ) {
    super(message, { extensions: { code: limitCode } });
  }
}

/** Reports the refusal as a validation error (Apollo answers 400) under the limit's own code. */
const reportAs =
  (code: QueryLimitCode) =>
  (context: ValidationContext | null, error: GraphQLError): void =>
    context?.reportError(new QueryLimitError(error.message.replace(/^Syntax Error: /, ''), code));

const refuseWith = (code: QueryLimitCode) => ({ propagateOnRejection: false, onReject: [reportAs(code)] });

/** graphql-js's wording when parse() stops at `maxTokens` (16.x spells it "more that"). */
const TOKEN_LIMIT_MESSAGE = /^Syntax Error: Document contains more th[a-z]+ \d+ tokens/;

export interface QueryLimitOptions {
  validationRules: ValidationRule[];
  parseOptions: NonNullable<ApolloServerOptions<object>['parseOptions']>;
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
}

/**
 * Depth, cost, aliases and directives are graphql-armor validation rules. Apollo Server wraps every
 * validation error as GRAPHQL_VALIDATION_FAILED, so formatError puts each limit's own code back.
 * The token limit is graphql-js's parse option rather than armor's: armor re-parses every
 * document in a plugin hook whose failure Apollo answers with HTTP 500, while the parse option
 * stops the one parse Apollo runs anyway and fails as a 400 syntax error.
 */
export function queryLimits(limits: GraphqlLimits): QueryLimitOptions {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, ...refuseWith(QueryLimitCode.DEPTH) },
    costLimit: { maxCost: limits.maxCost, ...refuseWith(QueryLimitCode.COST) },
    maxAliases: { n: limits.maxAliases, ...refuseWith(QueryLimitCode.ALIASES) },
    maxDirectives: { n: limits.maxDirectives, ...refuseWith(QueryLimitCode.DIRECTIVES) },
    maxTokens: { enabled: false },
    // Callers are authenticated before validation and may introspect: suggestions help them.
    blockFieldSuggestion: { enabled: false },
  });
  return {
    validationRules: armor.protect().validationRules,
    parseOptions: { maxTokens: limits.maxTokens },
    formatError(formatted, error) {
      const original = error instanceof GraphQLError ? error.originalError : undefined;
      if (original instanceof QueryLimitError) return withCode(formatted, original.limitCode);
      if (original && TOKEN_LIMIT_MESSAGE.test(original.message))
        return withCode(
          { ...formatted, message: `the query has more than ${limits.maxTokens} tokens` },
          QueryLimitCode.TOKENS,
        );
      return formatted;
    },
  };
}

const withCode = (formatted: GraphQLFormattedError, code: QueryLimitCode): GraphQLFormattedError => ({
  ...formatted,
  extensions: { ...formatted.extensions, code },
});
