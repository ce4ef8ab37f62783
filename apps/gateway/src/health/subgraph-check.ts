import type { ReadinessCheck } from '@pulse/health';
import type { SubgraphTarget } from '../gateway.config';

/** Each probe has this long to answer, as the engine probes of the other apps. */
const PROBE_TIMEOUT_MS = 2_000;

/**
 * A subgraph counts as reachable when its /health/live (beside its /graphql, as in every Pulse
 * app) answers 200. Liveness, not readiness: one subgraph's engines must not take every gateway
 * out of service, and a subgraph whose database is down still answers what it can.
 */
export function subgraphCheck(subgraph: SubgraphTarget): ReadinessCheck {
  const target = new URL('/health/live', subgraph.url).toString();
  return {
    name: `${subgraph.name}-subgraph`,
    target,
    async probe() {
      const response = await fetch(target, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
      await response.body?.cancel();
      if (response.status !== 200) throw new Error(`answered HTTP ${response.status}`);
      return {};
    },
  };
}
