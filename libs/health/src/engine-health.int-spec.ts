import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { requireEngine, testEngines, testNamespace } from '@pulse/testing';
import type { EngineTargets } from './engine-checks';
import type { EngineName } from './engine-health.indicators';
import { HealthModule } from './health.module';

// Four probes per readiness request, and an app per case, on two busy cores.
jest.setTimeout(30_000);

// Probes create nothing on the engines; the namespace names this file's Kafka client.
const ns = testNamespace(__filename);
const stack: Required<EngineTargets> = { ...testEngines, kafka: { ...testEngines.kafka, clientId: ns.id } };
const engines: readonly EngineName[] = ['kafka', 'elasticsearch', 'postgres', 'redis'];

/** The real stack, with one engine moved to a port where nothing listens. */
function targetsWithClosedPort(engine: EngineName): EngineTargets {
  const closed: Required<EngineTargets> = {
    kafka: { ...stack.kafka, brokers: ['127.0.0.1:1'] },
    elasticsearch: { ...stack.elasticsearch, url: 'http://127.0.0.1:1' },
    postgres: { ...stack.postgres, url: 'postgres://pulse:pulse@127.0.0.1:1/pulse_test' },
    redis: { ...stack.redis, url: 'redis://127.0.0.1:1/0' },
  };
  return { ...stack, [engine]: closed[engine] };
}

interface Probe {
  status: number;
  body: Record<string, unknown>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function get(app: INestApplication, path: string): Promise<Probe> {
  const response = await fetch(new URL(path, await app.getUrl()));
  const body: unknown = await response.json();
  if (!isRecord(body)) throw new Error(`${path} answered a non-object body`);
  return { status: response.status, body };
}

/** The `error` or `info` section of a terminus body, as engine name -> status record. */
function section(body: Record<string, unknown>, name: 'info' | 'error'): Record<string, Record<string, unknown>> {
  const value = body[name];
  if (!isRecord(value)) return {};
  const result: Record<string, Record<string, unknown>> = {};
  for (const [key, entry] of Object.entries(value)) if (isRecord(entry)) result[key] = entry;
  return result;
}

const apps = new Set<INestApplication>();

async function startApp(targets: EngineTargets): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [HealthModule.forRoot(targets)] }).compile();
  // Terminus logs every failed check; the failures here are deliberate.
  const app = moduleRef.createNestApplication({ logger: false });
  apps.add(app);
  await app.listen(0, '127.0.0.1');
  return app;
}

async function closeApp(app: INestApplication): Promise<void> {
  await app.close();
  apps.delete(app);
}

beforeAll(async () => {
  for (const engine of engines) await requireEngine(engine);
});

afterAll(async () => {
  await Promise.allSettled([...apps].map((app) => app.close()));
});

describe('engine health endpoints', () => {
  it('is ready with every engine up when the whole stack answers', async () => {
    const app = await startApp(stack);
    try {
      const ready = await get(app, '/health/ready');
      expect(ready.status).toBe(200);
      expect(ready.body.status).toBe('ok');
      const info = section(ready.body, 'info');
      expect(Object.keys(info).sort()).toEqual([...engines].sort());
      for (const engine of engines) expect(info[engine]?.status).toBe('up');
      expect(section(ready.body, 'error')).toEqual({});

      expect((await get(app, '/health/live')).status).toBe(200);
    } finally {
      await closeApp(app);
    }
  });

  it.each(engines)('is not ready, naming %s, when that engine is unreachable', async (engine) => {
    const app = await startApp(targetsWithClosedPort(engine));
    try {
      const ready = await get(app, '/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body.status).toBe('error');

      const errors = section(ready.body, 'error');
      expect(Object.keys(errors)).toEqual([engine]);
      expect(errors[engine]?.status).toBe('down');
      expect(errors[engine]?.message).toEqual(expect.stringContaining(`${engine} is unreachable at `));
      expect(errors[engine]?.message).toEqual(expect.stringContaining('127.0.0.1:1'));
      // The other three still report up.
      const info = section(ready.body, 'info');
      expect(Object.keys(info).sort()).toEqual(engines.filter((other) => other !== engine).sort());
      // Operators read this body: it must never carry credentials.
      expect(JSON.stringify(ready.body)).not.toContain('pulse:pulse@');

      // Liveness ignores engines, so an outage does not turn into restarts.
      const live = await get(app, '/health/live');
      expect(live.status).toBe(200);
      expect(live.body.status).toBe('ok');
    } finally {
      await closeApp(app);
    }
  });
});
