import { parse } from 'yaml';
import { localDevelopmentSecrets, MIN_SECRET_LENGTH } from '../../libs/auth/src/auth.config';
import type { AppName } from '../../libs/config/src/app-ports';
import { appPorts, stackPorts, stackVersions } from '../../tools/stack/stack-versions';
import { configurationProblems, isAppName, runtimeVariables, variablesReadBy } from './app-configs';
import { envOf, instructionsOf, parseDockerfile, splitImage, userOf, type DockerStage } from './dockerfile-parser';
import { readRepoFile } from './repo-files';
import { asMap, asString, at, isMap, listOrEmpty, type YamlMap } from './yaml-values';

const engines = ['kafka', 'elasticsearch', 'postgres', 'redis'] as const;
type Engine = (typeof engines)[number];

const enginePorts: Record<Engine, number> = {
  kafka: stackPorts.kafka,
  elasticsearch: stackPorts.elasticsearch,
  postgres: stackPorts.postgres,
  redis: stackPorts.redis,
};

// Compose honours YAML merge keys (`<<: *pulse-app`); the yaml package needs to be told.
const compose = asMap(parse(readRepoFile('docker/docker-compose.yml'), { merge: true }), 'docker/docker-compose.yml');
const services = asMap(compose.services, 'services');

const noStage: DockerStage = { from: '', name: undefined, instructions: [] };
const finalImageStage = parseDockerfile(readRepoFile('docker/Dockerfile')).at(-1) ?? noStage;

/** Shared by every app service through `<<: *pulse-app`. */
const sharedAppImage = 'pulse:local';

function service(name: string): YamlMap {
  return asMap(services[name], `services.${name}`);
}

/** Compose accepts environment as a mapping or as a list of KEY=value. */
function environmentOf(name: string): Record<string, string> {
  const raw = service(name).environment;
  const env: Record<string, string> = {};
  if (Array.isArray(raw)) {
    for (const entry of raw) {
      const [key = '', ...value] = asString(entry, `services.${name}.environment`).split('=');
      env[key] = value.join('=');
    }
  } else if (raw !== undefined) {
    for (const [key, value] of Object.entries(asMap(raw, `services.${name}.environment`))) {
      env[key] = value === null ? '' : String(value);
    }
  }
  return env;
}

interface PublishedPort {
  hostIp: string | undefined;
  published: number | undefined;
  target: number;
}

/** Short syntax `[ip:][published:]target[/protocol]` and the long mapping syntax. */
function publishedPortsOf(name: string): PublishedPort[] {
  return listOrEmpty(service(name).ports, `services.${name}.ports`).map((entry) => {
    if (isMap(entry)) {
      const hostIp = entry.host_ip;
      return {
        hostIp: typeof hostIp === 'string' ? hostIp : undefined,
        published: entry.published === undefined ? undefined : Number(entry.published),
        target: Number(entry.target),
      };
    }
    const parts = String(entry).split('/')[0]?.split(':') ?? [];
    const target = Number(parts.at(-1));
    const published = parts.length >= 2 ? Number(parts.at(-2)) : undefined;
    const hostIp = parts.length >= 3 ? parts.slice(0, -2).join(':') : undefined;
    return { hostIp, published, target };
  });
}

/** `PLAINTEXT://127.0.0.1:9092,INTERNAL://kafka:19092` -> listener name -> host:port. */
function kafkaListeners(value: string | undefined): Map<string, string> {
  const listeners = new Map<string, string>();
  for (const listener of (value ?? '').split(',').filter(Boolean)) {
    const [name = '', address = ''] = listener.split('://');
    listeners.set(name, address);
  }
  return listeners;
}

function majorOf(tag: string | undefined): number {
  return Number(/^(\d+)/.exec(tag ?? '')?.[1]);
}

/** A healthcheck of the service itself, or, for a service of our image, the image's HEALTHCHECK. */
function hasHealthcheck(name: string): boolean {
  const healthcheck = service(name).healthcheck;
  if (healthcheck === undefined && service(name).image === sharedAppImage) {
    const fromImage = instructionsOf(finalImageStage, 'HEALTHCHECK').at(-1)?.args ?? 'NONE';
    return !/^NONE\b/i.test(fromImage);
  }
  if (!isMap(healthcheck) || healthcheck.disable === true) return false;
  const test = healthcheck.test;
  if (typeof test === 'string') return test.trim() !== '';
  return Array.isArray(test) && test.length > 1 && test[0] !== 'NONE';
}

/** The services an app's environment points at: host names in URLs and broker lists. */
function servicesNamedIn(env: Record<string, string>): Set<string> {
  const named = new Set<string>();
  for (const value of Object.values(env)) {
    for (const part of value.split(',').map((entry) => entry.trim())) {
      // `kafka:19092` parses as a URL with the scheme "kafka:", so host:port is tried first.
      let host = /^([A-Za-z0-9.-]+):\d+$/.exec(part)?.[1];
      if (host === undefined && URL.canParse(part)) host = new URL(part).hostname;
      if (host !== undefined && Object.hasOwn(services, host)) named.add(host);
    }
  }
  return named;
}

/** Every service that runs one of our apps: the shared image with PULSE_APP set. */
const appServices = Object.keys(services).filter((name) => environmentOf(name).PULSE_APP !== undefined);

function appOf(name: string): AppName {
  const app = environmentOf(name).PULSE_APP ?? '';
  if (!isAppName(app, appPorts)) throw new Error(`services.${name}: PULSE_APP=${app} is not in appPorts`);
  return app;
}

describe('docker/docker-compose.yml', () => {
  it('runs the four engines and every app of appPorts', () => {
    expect(Object.keys(services)).toEqual(expect.arrayContaining([...engines, ...Object.keys(appPorts)]));
  });

  it('runs Kafka and Elasticsearch at the stack versions', () => {
    expect(service('kafka').image).toBe(`apache/kafka:${stackVersions.kafka}`);
    expect(service('elasticsearch').image).toBe(
      `docker.elastic.co/elasticsearch/elasticsearch:${stackVersions.elasticsearch}`,
    );
  });

  it(`runs Redis ${stackVersions.redisMajor}`, () => {
    const { name, tag } = splitImage(asString(service('redis').image, 'services.redis.image'));
    expect(name).toBe('redis');
    expect(majorOf(tag)).toBe(stackVersions.redisMajor);
  });

  describe('postgres', () => {
    const build = asMap(service('postgres').build, 'services.postgres.build');
    const context = asString(build.context, 'services.postgres.build.context');
    const dockerfilePath = `docker/${context}/${typeof build.dockerfile === 'string' ? build.dockerfile : 'Dockerfile'}`;
    const [stage = noStage] = parseDockerfile(readRepoFile(dockerfilePath));

    it(`is built from PostgreSQL ${stackVersions.postgresMajor}`, () => {
      const { name, tag } = splitImage(stage.from);
      expect(name).toBe('postgres');
      expect(majorOf(tag)).toBe(stackVersions.postgresMajor);
    });

    it('installs the hll extension for that major version', () => {
      const installs = instructionsOf(stage, 'RUN')
        .map(({ args }) => args)
        .join('\n');
      // Either spelled out or through the base image's PG_MAJOR.
      const hll = new RegExp(`postgresql-(${stackVersions.postgresMajor}|\\$\\{?PG_MAJOR\\}?)-hll`);
      expect(installs).toMatch(hll);
    });

    it('creates role pulse, databases pulse and pulse_test, and hll in both', () => {
      const sql = readRepoFile('docker/postgres/init/10-pulse.sql');
      expect(sql).toMatch(/CREATE ROLE pulse LOGIN PASSWORD 'pulse'/i);
      for (const database of ['pulse', 'pulse_test']) {
        expect(sql).toMatch(new RegExp(`CREATE DATABASE ${database}\\b`, 'i'));
        const connected = sql.split(/^\\connect\s+/m).find((part) => part.startsWith(`${database}\n`));
        expect(connected).toMatch(/CREATE EXTENSION (IF NOT EXISTS )?hll/i);
      }
    });
  });

  it.each(engines)('publishes %s on 127.0.0.1 at the local stack port', (engine) => {
    const port = enginePorts[engine];
    expect(publishedPortsOf(engine)).toEqual([{ hostIp: '127.0.0.1', published: port, target: port }]);
  });

  it('publishes no port beyond 127.0.0.1', () => {
    const exposed = Object.keys(services).flatMap((name) =>
      publishedPortsOf(name)
        .filter((port) => port.hostIp !== '127.0.0.1')
        .map((port) => ({ service: name, ...port })),
    );
    expect(exposed).toEqual([]);
  });

  describe('kafka listeners', () => {
    const env = environmentOf('kafka');
    const advertised = kafkaListeners(env.KAFKA_ADVERTISED_LISTENERS);

    it('runs the controller on the stack controller port', () => {
      expect(env.KAFKA_PROCESS_ROLES).toBe('broker,controller');
      expect(kafkaListeners(env.KAFKA_LISTENERS).get('CONTROLLER')).toBe(`:${stackPorts.kafkaController}`);
      expect(env.KAFKA_CONTROLLER_QUORUM_VOTERS).toMatch(new RegExp(`:${stackPorts.kafkaController}$`));
    });

    it('advertises 127.0.0.1 to the host and a service name to containers', () => {
      const addresses = [...advertised.values()];
      expect(addresses).toContain(`127.0.0.1:${stackPorts.kafka}`);
      expect(addresses.some((address) => address.split(':')[0] === 'kafka')).toBe(true);
    });

    it('gives every advertised listener a security protocol', () => {
      const protocols = kafkaListeners(env.KAFKA_LISTENER_SECURITY_PROTOCOL_MAP?.replaceAll(':', '://'));
      for (const name of [...advertised.keys(), 'CONTROLLER']) expect(protocols.has(name)).toBe(true);
    });
  });

  it.each(engines)('gives %s a healthcheck', (engine) => {
    expect(hasHealthcheck(engine)).toBe(true);
  });

  it('runs each app of appPorts in one service named after it', () => {
    expect(appServices.map((name) => [name, environmentOf(name).PULSE_APP]).sort()).toEqual(
      Object.keys(appPorts)
        .sort()
        .map((app) => [app, app]),
    );
  });

  for (const name of appServices) {
    describe(`app service ${name}`, () => {
      const app = appOf(name);
      const env = environmentOf(name);
      const imageEnv = envOf(finalImageStage);

      it('runs the shared image, built from docker/Dockerfile at the repository root', () => {
        expect(service(name).image).toBe(sharedAppImage);
        expect(at(service(name), 'build', 'context')).toBe('..');
        expect(at(service(name), 'build', 'dockerfile')).toBe('docker/Dockerfile');
      });

      it(`listens on appPorts.${app} and publishes it on 127.0.0.1`, () => {
        expect(env.PORT).toBe(String(appPorts[app]));
        expect(publishedPortsOf(name)).toEqual([
          { hostIp: '127.0.0.1', published: appPorts[app], target: appPorts[app] },
        ]);
      });

      it('keeps the production mode the image sets', () => {
        expect(imageEnv.get('NODE_ENV')).toBe('production');
        expect(env.NODE_ENV).toBeUndefined();
      });

      it('is configured validly for production, as the app itself checks', () => {
        const merged = { ...Object.fromEntries(imageEnv), ...env };
        expect(configurationProblems(app, merged)).toEqual([]);
      });

      it('sets only variables the app reads', () => {
        const read = variablesReadBy(app);
        expect(Object.keys(env).filter((variable) => !read.has(variable) && !runtimeVariables.has(variable))).toEqual(
          [],
        );
      });

      it('starts only once every service its environment points at is healthy', () => {
        const needed = [...servicesNamedIn(env)].sort();
        expect(needed.length).toBeGreaterThan(0);
        expect(needed.map((target) => [target, at(service(name), 'depends_on', target, 'condition')])).toEqual(
          needed.map((target) => [target, 'service_healthy']),
        );
        for (const target of needed)
          expect({ target, healthcheck: hasHealthcheck(target) }).toEqual({ target, healthcheck: true });
      });

      it('reaches Kafka, if at all, through an advertised listener of the kafka service', () => {
        if (env.KAFKA_BROKERS === undefined) return;
        const advertised = [...kafkaListeners(environmentOf('kafka').KAFKA_ADVERTISED_LISTENERS).values()];
        for (const broker of env.KAFKA_BROKERS.split(',')) {
          expect(advertised).toContain(broker);
          expect(broker.split(':')[0]).toBe('kafka');
        }
      });

      it('reaches each engine at its service and port, and PostgreSQL as the pulse role', () => {
        const urls = { ELASTICSEARCH_URL: 'elasticsearch', DATABASE_URL: 'postgres', REDIS_URL: 'redis' } as const;
        for (const [variable, engine] of Object.entries(urls)) {
          const value = env[variable];
          if (value === undefined) continue;
          const url = new URL(value);
          expect([variable, url.hostname, Number(url.port)]).toEqual([variable, engine, enginePorts[engine]]);
        }
        if (env.DATABASE_URL !== undefined) {
          const url = new URL(env.DATABASE_URL);
          expect([url.username, url.pathname]).toEqual(['pulse', '/pulse']);
        }
      });
    });
  }

  describe('workspace', () => {
    const env = environmentOf('workspace');

    it('uses Kafka and PostgreSQL', () => {
      expect(servicesNamedIn(env)).toEqual(new Set(['kafka', 'postgres']));
    });
  });

  describe('gateway', () => {
    const env = environmentOf('gateway');

    it('uses Redis and reaches the workspace at its service and port', () => {
      expect(servicesNamedIn(env)).toEqual(new Set(['redis', 'workspace']));
      expect(env.WORKSPACE_SUBGRAPH_URL).toBe(`http://workspace:${appPorts.workspace}/graphql`);
      expect(env.WORKSPACE_INTERNAL_URL).toBe(`http://workspace:${appPorts.workspace}`);
    });
  });

  describe('auth secrets', () => {
    const secretVariables = Object.keys(localDevelopmentSecrets) as (keyof typeof localDevelopmentSecrets)[];

    it.each(secretVariables)('gives every app the same %s', (variable) => {
      const values = appServices.map((name) => environmentOf(name)[variable]);
      expect(values.every((value) => value !== undefined && value === values[0])).toBe(true);
    });

    it.each(secretVariables)(
      `sets %s to a development value of at least ${MIN_SECRET_LENGTH} characters, not the apps' public default`,
      (variable) => {
        const value = environmentOf('gateway')[variable] ?? '';
        expect(value.length).toBeGreaterThanOrEqual(MIN_SECRET_LENGTH);
        expect(value).not.toBe(localDevelopmentSecrets[variable]);
        expect(value).toMatch(/development/);
      },
    );

    it('uses two different secrets', () => {
      const env = environmentOf('gateway');
      expect(env.GATEWAY_SIGNING_SECRET).not.toBe(env.PULSE_TOKEN_SECRET);
    });
  });
});

describe('docker/Dockerfile', () => {
  const stages = parseDockerfile(readRepoFile('docker/Dockerfile'));
  const final = stages.at(-1) ?? noStage;
  const commands = stages.flatMap((stage) => instructionsOf(stage, 'RUN')).map(({ args }) => args);

  it('uses the Node version of .nvmrc and stackVersions', () => {
    expect(readRepoFile('.nvmrc').trim().replace(/^v/, '')).toBe(stackVersions.node);
    const nodeImages = stages.map((stage) => splitImage(stage.from)).filter(({ name }) => name === 'node');
    expect(nodeImages.length).toBeGreaterThan(0);
    for (const { tag } of nodeImages) expect(tag?.split('-')[0]).toBe(stackVersions.node);
  });

  it('builds in named stages: dependencies, build, production dependencies, runtime', () => {
    expect(stages.filter((stage) => stage.name !== undefined).length).toBeGreaterThanOrEqual(4);
    expect(commands.some((command) => /\bnpm install --no-save\b/.test(command))).toBe(true);
    expect(commands.some((command) => /\bnpm run build\b/.test(command))).toBe(true);
    expect(commands.some((command) => /\bnpm prune\b.*--omit=dev/.test(command))).toBe(true);
  });

  it('runs the final stage as a numeric non-root user', () => {
    const user = userOf(final);
    expect(user).toMatch(/^\d+$/);
    expect(Number(user)).toBeGreaterThan(0);
  });

  it('sets the production environment', () => {
    const env = envOf(final);
    expect(env.get('NODE_ENV')).toBe('production');
    expect(env.get('APOLLO_TELEMETRY_DISABLED')).toBe('1');
  });

  it('exposes the gateway port and checks /health/live', () => {
    expect(instructionsOf(final, 'EXPOSE').map(({ args }) => args)).toContain(String(appPorts.gateway));
    expect(instructionsOf(final, 'HEALTHCHECK').at(-1)?.args).toContain('/health/live');
  });

  it('starts through docker/entrypoint.sh', () => {
    const copied = instructionsOf(final, 'COPY').find(({ args }) => args.includes('docker/entrypoint.sh'));
    const target = copied?.args.split(/\s+/).at(-1);
    expect(target).toBeDefined();
    expect(instructionsOf(final, 'ENTRYPOINT').at(-1)?.args).toContain(target);
  });
});

describe('.dockerignore', () => {
  const patterns = readRepoFile('.dockerignore')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));

  it('keeps local artefacts out of the build context', () => {
    for (const pattern of ['.git', 'dist', '.pulse']) expect(patterns).toContain(pattern);
    expect(patterns.some((pattern) => /(^|\/)node_modules$/.test(pattern))).toBe(true);
  });

  it('keeps the entrypoint the Dockerfile copies', () => {
    const excludesDocker = patterns.includes('docker') || patterns.includes('docker/');
    expect(!excludesDocker || patterns.includes('!docker/entrypoint.sh')).toBe(true);
  });
});
