import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
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

export interface FixtureProcess {
  process: ChildProcess;
  exited: Promise<number | null>;
  /** Everything it wrote so far, stdout and stderr. */
  output(): string;
}

/**
 * The fixture processes a crash test started and has not yet seen exit: afterAll kills what is
 * left, so that no test leaves a process behind.
 */
export class FixtureProcesses {
  private readonly running = new Set<FixtureProcess>();

  start(script: string, env: Record<string, string>): FixtureProcess {
    const child = spawn(process.execPath, ['--disable-warning=TimeoutNegativeWarning', script], {
      cwd: root,
      // Fixtures run compiled code outside dist/: NODE_PATH finds the packages.
      env: { PATH: process.env.PATH ?? '', NODE_PATH: join(root, 'node_modules'), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const started: FixtureProcess = {
      process: child,
      exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
      output: () => output,
    };
    this.running.add(started);
    void started.exited.then(() => this.running.delete(started));
    return started;
  }

  async killAll(): Promise<void> {
    for (const fixture of this.running) fixture.process.kill('SIGKILL');
    await Promise.all([...this.running].map((fixture) => fixture.exited));
  }
}
