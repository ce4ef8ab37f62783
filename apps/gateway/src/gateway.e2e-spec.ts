import { freePort, startApp, testEngines, type RunningApp } from '@pulse/testing';
import { createServer, type Server } from 'node:http';

// A gateway process per case, each about a second to start on two busy cores.
jest.setTimeout(30_000);

interface HealthBody {
  status: string;
  info?: Record<string, { status: string }>;
  error?: Record<string, { status: string; message?: string }>;
}

/** Readiness only asks a subgraph for /health/live: this is all of a subgraph it needs. */
async function startLiveSubgraph(): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    response.writeHead(request.url === '/health/live' ? 200 : 404, { 'content-type': 'application/json' });
    response.end('{"status":"ok"}');
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${port}/graphql`, server };
}

let subgraph: { url: string; server: Server };
let env: Record<string, string>;

beforeAll(async () => {
  subgraph = await startLiveSubgraph();
  env = { REDIS_URL: testEngines.redis.url, WORKSPACE_SUBGRAPH_URL: subgraph.url };
});

afterAll(async () => {
  subgraph.server.closeAllConnections();
  await new Promise((resolve) => subgraph.server.close(resolve));
});

describe('gateway process', () => {
  let gateway: RunningApp;

  beforeAll(async () => {
    gateway = await startApp('gateway', env);
  });

  afterAll(async () => {
    await gateway.stop();
  });

  it('is ready when Redis and every subgraph answer', async () => {
    const response = await fetch(`${gateway.url}/health/ready`);
    const body = (await response.json()) as HealthBody;
    expect(response.status).toBe(200);
    expect(Object.entries(body.info ?? {}).map(([target, result]) => [target, result.status])).toEqual([
      ['redis', 'up'],
      ['workspace-subgraph', 'up'],
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

  it('warns when it runs on the public local development secrets', () => {
    expect(gateway.output()).toContain('using the public local development secrets');
  });
});

describe('gateway readiness with one dependency down', () => {
  const closedPortEnv = {
    redis: { REDIS_URL: 'redis://127.0.0.1:1/0' },
    'workspace-subgraph': { WORKSPACE_SUBGRAPH_URL: 'http://127.0.0.1:1/graphql' },
  };

  it.each(Object.keys(closedPortEnv) as (keyof typeof closedPortEnv)[])(
    'reports %s down with 503 while liveness stays up',
    async (target) => {
      const app = await startApp('gateway', { ...env, ...closedPortEnv[target] });
      try {
        const ready = await fetch(`${app.url}/health/ready`);
        const body = (await ready.json()) as HealthBody;
        expect(ready.status).toBe(503);
        expect(Object.keys(body.error ?? {})).toEqual([target]);
        expect(body.error?.[target]?.message).toContain(`${target} is unreachable at`);
        expect(body.error?.[target]?.message).toContain('127.0.0.1:1');
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
      {
        ...env,
        PORT: '99999',
        LOG_LEVEL: 'loud',
        WORKSPACE_SUBGRAPH_URL: 'ftp://pulse:s3cret-pw@workspace/graphql',
        GATEWAY_SIGNING_SECRET: 'short-but-secret-value',
        GRAPHQL_MAX_DEPTH: '0',
      },
      { waitForLive: false },
    );
    expect(await app.exited).toBe(78);
    const output = app.output();
    expect(output).toContain('INVALID_CONFIGURATION');
    for (const variable of [
      'PORT',
      'LOG_LEVEL',
      'WORKSPACE_SUBGRAPH_URL',
      'GATEWAY_SIGNING_SECRET',
      'GRAPHQL_MAX_DEPTH',
    ])
      expect(output).toContain(variable);
    expect(output).not.toContain('s3cret-pw');
    expect(output).not.toContain('short-but-secret-value');
  });

  it('refuses to run in production without secrets of its own', async () => {
    const app = await startApp('gateway', { ...env, NODE_ENV: 'production' }, { waitForLive: false });
    expect(await app.exited).toBe(78);
    expect(app.output()).toContain('GATEWAY_SIGNING_SECRET: required in production');
    expect(app.output()).toContain('PULSE_TOKEN_SECRET: required in production');
  });

  it('shuts down cleanly on SIGTERM', async () => {
    const app = await startApp('gateway', env);
    expect(await app.stop()).toBe(0);
  });
});
