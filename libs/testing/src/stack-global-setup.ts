import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * Brings the local stack up once for the whole run (a no-op when it is already healthy).
 * PULSE_STACK=external leaves the engines alone, e.g. to see how tests fail with one stopped.
 */
export default function stackGlobalSetup(): void {
  if (process.env.PULSE_STACK === 'external') return;
  const root = join(__dirname, '../../..');
  const result = spawnSync(join(root, 'pulse'), ['stack', 'up'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) throw new Error('the local stack did not come up: see the [stack] lines above');
}
