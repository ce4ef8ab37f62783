import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '../../..');

/**
 * Crash tests run a fixture as a child process they can SIGKILL. It runs compiled code of its
 * own, in a directory of the test's, because dist/ may be rebuilt by another run meanwhile.
 */
export function compileLibsInto(outDir: string): void {
  const build = spawnSync(
    process.execPath,
    [
      join(root, 'node_modules/@swc/cli/bin/swc.js'),
      'libs',
      '-d',
      outDir,
      '--quiet',
      '--ignore',
      '**/*.spec.ts,**/*.int-spec.ts,**/*.e2e-spec.ts',
    ],
    { cwd: root, encoding: 'utf8' },
  );
  if (build.status !== 0) throw new Error(`compiling the fixture failed:\n${build.stderr}`);
}
