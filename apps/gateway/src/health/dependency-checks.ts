import type { RedisConfig } from '@pulse/config';
import { probeRedis } from '@pulse/redis';
import type { SubgraphTarget } from '../gateway.config';

/** Each probe has this long to answer, as the engine probes of the other apps. */
export const PROBE_TIMEOUT_MS = 2_000;

/** Something the gateway needs in order to serve: its key in the readiness body, where it is, how to ask. */
export interface DependencyCheck {
  key: string;
  target: string;
  /** Resolves with details when the dependency answers, throws when it does not. */
  probe(): Promise<object>;
}

export function redisCheck(redis: RedisConfig): DependencyCheck {
  const target = new URL(redis.url);
  target.username = '';
  target.password = '';
  return { key: 'redis', target: target.toString(), probe: () => probeRedis(redis, PROBE_TIMEOUT_MS) };
}

/**
 * A subgraph counts as reachable when its /health/live (beside its /graphql, as in every Pulse
 * app) answers 200. Liveness, not readiness: one subgraph's engines must not take every gateway
 * out of service, and a subgraph whose database is down still answers what it can.
 */
export function subgraphCheck(subgraph: SubgraphTarget): DependencyCheck {
  const target = new URL('/health/live', subgraph.url).toString();
  return {
    key: `${subgraph.name}-subgraph`,
    target,
    async probe() {
      const response = await fetch(target, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
      await response.body?.cancel();
      if (response.status !== 200) throw new Error(`answered HTTP ${response.status}`);
      return {};
    },
  };
}
