/** The validated AuthConfig, as SubgraphAuthModule provides it. */
export const AUTH_CONFIG = Symbol('AUTH_CONFIG');
