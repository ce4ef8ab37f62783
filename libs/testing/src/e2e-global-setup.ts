import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import stackGlobalSetup from './stack-global-setup';

/** End-to-end tests run the built apps, so dist/ is rebuilt from the sources under test first. */
export default function e2eGlobalSetup(): void {
  stackGlobalSetup();
  const root = join(__dirname, '../../..');
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0) throw new Error('npm run build failed: the apps under test could not be built');
}
