import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { expectEventually } from './expect-eventually';

const root = join(__dirname, '../../..');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningApp {
  url: string;
  process: ChildProcess;
  /** Everything the app wrote so far, stdout and stderr. */
  output(): string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
  exited: Promise<number | null>;
}

/** Starts a built app (dist/apps/<name>) as its own process, as it runs in production. */
export async function startApp(
  name: string,
  env: Record<string, string>,
  options: { waitForLive?: boolean } = {},
): Promise<RunningApp> {
  const entry = join(root, 'dist/apps', name, 'src/main.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run "npm run build" first`);
  const port = env.PORT ?? String(await freePort());
  const child = spawn(process.execPath, ['--disable-warning=TimeoutNegativeWarning', entry], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', APOLLO_TELEMETRY_DISABLED: '1', LOG_LEVEL: 'info', ...env, PORT: port },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const app: RunningApp = {
    url: `http://127.0.0.1:${port}`,
    process: child,
    output: () => output,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
  if (options.waitForLive ?? true) {
    await expectEventually(
      async () => {
        if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${output}`);
        const response = await fetch(`${app.url}/health/live`);
        if (response.status !== 200) throw new Error(`${name} /health/live answered ${response.status}`);
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    ).catch(async (error: unknown) => {
      await app.stop();
      throw error;
    });
  }
  return app;
}
