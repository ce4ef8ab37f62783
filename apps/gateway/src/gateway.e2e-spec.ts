import { startApp, testEngines, type RunningApp } from '@pulse/testing';

const engineEnv = {
  KAFKA_BROKERS: testEngines.kafka.brokers.join(','),
  ELASTICSEARCH_URL: testEngines.elasticsearch.url,
  DATABASE_URL: testEngines.postgres.url,
  REDIS_URL: testEngines.redis.url,
};

interface HealthBody {
  status: string;
  info?: Record<string, { status: string }>;
  error?: Record<string, { status: string; message?: string }>;
}

describe('gateway process', () => {
  let gateway: RunningApp;

  beforeAll(async () => {
    gateway = await startApp('gateway', engineEnv);
  });

  afterAll(async () => {
    await gateway.stop();
  });

  it('is ready when every engine answers', async () => {
    const response = await fetch(`${gateway.url}/health/ready`);
    const body = (await response.json()) as HealthBody;
    expect(response.status).toBe(200);
    expect(Object.entries(body.info ?? {}).map(([engine, result]) => [engine, result.status])).toEqual([
      ['kafka', 'up'],
      ['elasticsearch', 'up'],
      ['postgres', 'up'],
      ['redis', 'up'],
    ]);
  });

  it('serves Prometheus metrics labelled with the app, including its own HTTP timings', async () => {
    await fetch(`${gateway.url}/health/live`);
    const response = await fetch(`${gateway.url}/metrics`);
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    expect(text).toMatch(/^pulse_process_cpu_user_seconds_total\{app="gateway"\} \d/m);
    expect(text).toMatch(/pulse_http_request_duration_seconds_count\{[^}]*route="\/health\/live"[^}]*\} [1-9]/);
  });

  it('logs one JSON object per line, naming the app', () => {
    const lines = gateway
      .output()
      .split('\n')
      .filter((line) => line.trim().length > 0);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ app: 'gateway' });
  });
});

describe('gateway readiness with one engine down', () => {
  const closedPortEnv = {
    kafka: { KAFKA_BROKERS: '127.0.0.1:1' },
    elasticsearch: { ELASTICSEARCH_URL: 'http://127.0.0.1:1' },
    postgres: { DATABASE_URL: 'postgres://pulse:pulse@127.0.0.1:1/pulse_test' },
    redis: { REDIS_URL: 'redis://127.0.0.1:1/0' },
  };

  it.each(Object.keys(closedPortEnv) as (keyof typeof closedPortEnv)[])(
    'reports %s down with 503 while liveness stays up',
    async (engine) => {
      const app = await startApp('gateway', { ...engineEnv, ...closedPortEnv[engine] });
      try {
        const ready = await fetch(`${app.url}/health/ready`);
        const body = (await ready.json()) as HealthBody;
        expect(ready.status).toBe(503);
        expect(Object.keys(body.error ?? {})).toEqual([engine]);
        expect(body.error?.[engine]?.message).toContain(`${engine} is unreachable at`);
        expect((await fetch(`${app.url}/health/live`)).status).toBe(200);
        const metrics = await (await fetch(`${app.url}/metrics`)).text();
        expect(metrics).toMatch(
          /pulse_http_request_duration_seconds_count\{[^}]*route="\/health\/ready"[^}]*status="503"[^}]*\} 1/,
        );
      } finally {
        await app.stop();
      }
    },
  );
});

describe('gateway start-up and shutdown', () => {
  it('refuses a bad configuration, naming every bad variable and hiding secrets', async () => {
    const app = await startApp(
      'gateway',
      { ...engineEnv, PORT: '99999', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://pulse:s3cret-pw@db/pulse' },
      { waitForLive: false },
    );
    expect(await app.exited).toBe(78);
    const output = app.output();
    expect(output).toContain('INVALID_CONFIGURATION');
    expect(output).toContain('PORT');
    expect(output).toContain('LOG_LEVEL');
    expect(output).toContain('DATABASE_URL');
    expect(output).not.toContain('s3cret-pw');
  });

  it('shuts down cleanly on SIGTERM', async () => {
    const app = await startApp('gateway', engineEnv);
    expect(await app.stop()).toBe(0);
  });
});
