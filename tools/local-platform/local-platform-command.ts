import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { appPorts, type AppName } from '../../libs/config/src/app-ports';
import { LocalStack } from '../stack/local-stack';
import { ensureDemoTenant } from './demo-tenant';
import { localDatabaseUrl } from '../stack/postgres-engine';
import { say } from '../stack/stack-output';
import { stackPorts } from '../stack/stack-versions';

const root = join(__dirname, '../../..');

/** Every deployable built so far; each later app adds itself here and to appPorts. */
const apps: readonly AppName[] = ['gateway', 'workspace'];

const platformEnv = {
  KAFKA_BROKERS: `127.0.0.1:${stackPorts.kafka}`,
  ELASTICSEARCH_URL: `http://127.0.0.1:${stackPorts.elasticsearch}`,
  DATABASE_URL: localDatabaseUrl('pulse'),
  REDIS_URL: `redis://127.0.0.1:${stackPorts.redis}/0`,
  APOLLO_TELEMETRY_DISABLED: '1',
};

async function waitUntilReady(app: AppName, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${app} exited with code ${child.exitCode} while starting`);
    try {
      const response = await fetch(`http://127.0.0.1:${appPorts[app]}/health/ready`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await delay(250);
  }
  throw new Error(
    `${app} was not ready within ${timeoutMs / 1000}s: GET http://127.0.0.1:${appPorts[app]}/health/ready`,
  );
}

/**
 * `./pulse start`: the local stack, then every app as its own process logging to this terminal
 * (readable lines; `--json` for the raw JSON the apps write in production), until Ctrl-C stops
 * the apps (the stack stays up for the next start).
 */
export async function runLocalPlatform(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({ args: [...argv], options: { json: { type: 'boolean', default: false } } });
  const stack = new LocalStack();
  await stack.up(Number(process.env.PULSE_STACK_TIMEOUT_S ?? 300));
  const children = new Map<AppName, ChildProcess>();
  for (const app of apps) {
    const child = spawn(
      process.execPath,
      ['--enable-source-maps', '--disable-warning=TimeoutNegativeWarning', join(root, 'dist/apps', app, 'src/main.js')],
      {
        cwd: root,
        env: { ...process.env, ...platformEnv, PORT: String(appPorts[app]), LOG_PRETTY: String(!values.json) },
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    children.set(app, child);
  }
  const stopAll = async () => {
    for (const child of children.values()) if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.all([...children.values()].map((child) => (child.exitCode === null ? once(child, 'exit') : null)));
  };
  try {
    await Promise.all(apps.map((app) => waitUntilReady(app, children.get(app) as ChildProcess, 60_000)));
  } catch (error) {
    await stopAll();
    throw error;
  }
  const gatewayUrl = `http://127.0.0.1:${appPorts.gateway}`;
  let demo: Awaited<ReturnType<typeof ensureDemoTenant>>;
  try {
    demo = await ensureDemoTenant(stack.paths.stateDir, gatewayUrl, {
      ...process.env,
      ...platformEnv,
      LOG_LEVEL: 'warn',
    });
  } catch (error) {
    await stopAll();
    throw error;
  }
  say('Pulse is running:');
  for (const app of apps) {
    const base = `http://127.0.0.1:${appPorts[app]}`;
    say(`  ${app.padEnd(10)} ${base}  (health ${base}/health/ready, metrics ${base}/metrics)`);
  }
  say(
    `  engines    Kafka 127.0.0.1:${stackPorts.kafka}, Elasticsearch http://127.0.0.1:${stackPorts.elasticsearch}, ` +
      `PostgreSQL ${platformEnv.DATABASE_URL.replace(/:[^:@/]+@/, ':***@')}, Redis ${platformEnv.REDIS_URL}`,
  );
  say(`  GraphQL    ${gatewayUrl}/graphql  (Authorization: Bearer <secret key>)`);
  say(`  demo       organization ${demo.organizationId}, shop ${demo.projectId}, store ${demo.storeId}`);
  say(`             secret key ${demo.secretKey}`);
  say(`             write key  ${demo.writeKey}`);
  say(`             (kept in ${join(stack.paths.stateDir, 'demo-tenant.json')})`);
  say('  demo traffic starts here once the collector exists (see docs/local-stack.md)');
  say('Ctrl-C stops the apps; "./pulse stack down" stops the engines.');
  const exited = await Promise.race(
    [...children.entries()]
      .map(async ([app, child]) => {
        const [code] = (await once(child, 'exit')) as [number | null];
        return { app, code };
      })
      .concat([
        new Promise((resolve) => {
          process.once('SIGINT', () => resolve({ app: 'you' as AppName, code: 0 }));
          process.once('SIGTERM', () => resolve({ app: 'you' as AppName, code: 0 }));
        }),
      ]),
  );
  await stopAll();
  if (String(exited.app) !== 'you') {
    say(`${exited.app} exited with code ${exited.code}; stopped the others`);
    return 1;
  }
  return 0;
}
