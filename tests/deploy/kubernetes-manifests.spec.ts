import { parse } from 'yaml';
import { subgraphRegistry } from '../../apps/gateway/src/supergraph/subgraph-registry';
import { appPorts } from '../../tools/stack/stack-versions';
import { configurationProblems, isAppName, runtimeVariables, variablesReadBy } from './app-configs';
import { envOf as imageEnvOf, parseDockerfile, userOf } from './dockerfile-parser';
import { validateManifests, type ManifestVerdict } from './kubernetes-validation';
import { isRepoFile, listRepoFiles, readRepoFile, readYamlDocuments } from './repo-files';
import { asList, asMap, asString, at, isMap, listOrEmpty, type YamlMap } from './yaml-values';

const baseDir = 'k8s/base';
const kustomizationPath = `${baseDir}/kustomization.yaml`;

interface Manifest {
  /** file#document, for messages. */
  source: string;
  kind: string;
  name: string;
  document: YamlMap;
}

const kustomization = asMap(parse(readRepoFile(kustomizationPath)), kustomizationPath);
const listed = listOrEmpty(kustomization.resources, 'resources').map(
  (resource) => `${baseDir}/${asString(resource, 'resources[]')}`,
);

// Files that are missing are reported by their own test rather than crashing the suite here.
const manifests: Manifest[] = listed.filter(isRepoFile).flatMap((file) =>
  readYamlDocuments(file).map((value, index) => {
    const source = `${file}#${index + 1}`;
    const document = asMap(value, source);
    return {
      source,
      kind: String(document.kind),
      name: String(at(document, 'metadata', 'name')),
      document,
    };
  }),
);

const ofKind = (kind: string): Manifest[] => manifests.filter((manifest) => manifest.kind === kind);
const deployments = ofKind('Deployment');
const services = ofKind('Service');
const configMaps = new Map(
  ofKind('ConfigMap').map(({ name, document }) => [name, asMap(document.data ?? {}, `ConfigMap ${name} data`)]),
);

const appPortsByName: Readonly<Record<string, number>> = appPorts;

interface OperatorSecretRow {
  name: string;
  key: string;
  /** The apps of the "Used by" column. */
  usedBy: string[];
}

/** The rows of the "Secrets" table of k8s/README.md: what the operator provides, and for whom. */
function operatorSecretRows(): OperatorSecretRow[] {
  const lines = readRepoFile('k8s/README.md').split(/\r?\n/);
  const start = lines.findIndex((line) => /^## Secrets\b/.test(line));
  const end = lines.findIndex((line, index) => index > start && line.startsWith('## '));
  const rows: OperatorSecretRow[] = [];
  if (start < 0) return rows;
  for (const line of lines.slice(start + 1, end < 0 ? undefined : end)) {
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim());
    const name = /^`([^`]+)`$/.exec(cells[0] ?? '')?.[1];
    const key = /^`([^`]+)`$/.exec(cells[1] ?? '')?.[1];
    if (name === undefined || key === undefined) continue;
    const usedBy = (cells[2] ?? '')
      .split(',')
      .map((app) => app.trim())
      .filter(Boolean);
    rows.push({ name, key, usedBy });
  }
  return rows;
}

/** Secret name -> keys: what the operator provides. */
function operatorSecrets(): Map<string, Set<string>> {
  const secrets = new Map<string, Set<string>>();
  for (const { name, key } of operatorSecretRows()) secrets.set(name, (secrets.get(name) ?? new Set()).add(key));
  return secrets;
}

/** The uid the image runs as, so the manifests and the image cannot disagree. */
function imageUid(): number {
  const final = parseDockerfile(readRepoFile('docker/Dockerfile')).at(-1);
  return Number(final === undefined ? Number.NaN : userOf(final));
}

function podSpecOf(deployment: Manifest): YamlMap {
  return asMap(at(deployment.document, 'spec', 'template', 'spec'), `${deployment.source} pod spec`);
}

function containersOf(deployment: Manifest): YamlMap[] {
  return asList(podSpecOf(deployment).containers, `${deployment.source} containers`).map((container, index) =>
    asMap(container, `${deployment.source} containers[${index}]`),
  );
}

function podLabelsOf(deployment: Manifest): YamlMap {
  return asMap(
    at(deployment.document, 'spec', 'template', 'metadata', 'labels') ?? {},
    `${deployment.source} pod labels`,
  );
}

/** A port reference (number or name) resolved against the container's ports. */
function resolvePort(container: YamlMap, port: unknown): number | undefined {
  const ports = listOrEmpty(container.ports, 'ports').filter(isMap);
  if (typeof port === 'number') {
    return ports.some((p) => p.containerPort === port) ? port : undefined;
  }
  const named = ports.find((p) => p.name === port)?.containerPort;
  return typeof named === 'number' ? named : undefined;
}

function envOf(container: YamlMap): YamlMap[] {
  return listOrEmpty(container.env, 'env').map((entry) => asMap(entry, 'env[]'));
}

function envFromOf(container: YamlMap): YamlMap[] {
  return listOrEmpty(container.envFrom, 'envFrom').map((entry) => asMap(entry, 'envFrom[]'));
}

/** The plain values the container sees: ConfigMaps of envFrom in order, then env (literals and configMapKeyRef). */
function effectiveEnv(container: YamlMap): Map<string, string> {
  const env = new Map<string, string>();
  for (const source of envFromOf(container)) {
    const data = configMaps.get(String(at(source, 'configMapRef', 'name')));
    for (const [key, value] of Object.entries(data ?? {})) env.set(key, String(value));
  }
  for (const entry of envOf(container)) {
    if (typeof entry.value === 'string') env.set(String(entry.name), entry.value);
    const keyRef = at(entry, 'valueFrom', 'configMapKeyRef');
    if (keyRef !== undefined) {
      const value = configMaps.get(String(at(keyRef, 'name')))?.[String(at(keyRef, 'key'))];
      if (value !== undefined) env.set(String(entry.name), String(value));
    }
  }
  return env;
}

/** Variable -> `secret/key` of every env entry taken from a Secret. */
function secretRefsOf(container: YamlMap): Map<string, string> {
  const refs = new Map<string, string>();
  for (const entry of envOf(container)) {
    const ref = at(entry, 'valueFrom', 'secretKeyRef');
    if (ref !== undefined) refs.set(String(entry.name), `${String(at(ref, 'name'))}/${String(at(ref, 'key'))}`);
  }
  return refs;
}

/** Every variable the container receives, from any source. */
function variableNamesOf(container: YamlMap): string[] {
  return [...new Set([...effectiveEnv(container).keys(), ...secretRefsOf(container).keys()])].sort();
}

/** Stand-ins for what the operator's Secrets hold, shaped as the apps expect; distinct per key. */
function operatorValue(ref: string): string {
  const [, key = ''] = ref.split('/');
  if (key === 'DATABASE_URL') return 'postgres://pulse:operator-password@postgres.example:5432/pulse';
  return `operator-provided-${ref.replace('/', '-')}-0123456789abcdef`;
}

function appOf(deployment: Manifest): string {
  const apps = containersOf(deployment).map((container) => effectiveEnv(container).get('PULSE_APP'));
  return apps.find((app) => app !== undefined) ?? '';
}

describe('k8s/base/kustomization.yaml', () => {
  it('is a Kustomization', () => {
    expect([kustomization.apiVersion, kustomization.kind]).toEqual([
      'kustomize.config.k8s.io/v1beta1',
      'Kustomization',
    ]);
  });

  it('lists only files that exist', () => {
    expect(listed.filter((file) => !isRepoFile(file))).toEqual([]);
  });

  it('lists every manifest in k8s/base', () => {
    const present = listRepoFiles(baseDir, /\.ya?ml$/).filter((file) => file !== kustomizationPath);
    expect(present.filter((file) => !listed.includes(file))).toEqual([]);
  });

  it('labels everything app.kubernetes.io/part-of: pulse', () => {
    const pairs = [
      ...listOrEmpty(kustomization.labels, 'labels').map((entry) => at(entry, 'pairs')),
      kustomization.commonLabels,
    ];
    expect(pairs.some((labels) => at(labels, 'app.kubernetes.io/part-of') === 'pulse')).toBe(true);
  });

  it('holds no Secret: credentials come from the operator', () => {
    expect(ofKind('Secret').map(({ source }) => source)).toEqual([]);
  });
});

describe('schema validation with kubernetes-models', () => {
  let verdicts: ManifestVerdict[];

  beforeAll(() => {
    verdicts = validateManifests(manifests.map(({ source, document }) => ({ source, document })));
  });

  it('finds manifests to validate', () => {
    expect(verdicts.length).toBe(manifests.length);
    expect(verdicts.length).toBeGreaterThan(0);
  });

  it('accepts every manifest of the base', () => {
    expect(verdicts.filter((verdict) => !verdict.valid)).toEqual([]);
  });

  // Proves the validator can fail: each of these must be rejected.
  it('rejects broken manifests', () => {
    const gateway = deployments.find(({ name }) => name === 'pulse-gateway');
    expect(gateway).toBeDefined();
    const stringReplicas: unknown = {
      ...gateway?.document,
      spec: { ...asMap(gateway?.document.spec, 'spec'), replicas: '2' },
    };
    const [replicas, unknownKind, numericData] = validateManifests([
      { source: 'replicas as a string', document: stringReplicas },
      {
        source: 'unknown kind',
        document: { apiVersion: 'v1', kind: 'Gadget', metadata: { name: 'x' } },
      },
      // What YAML makes of an unquoted `PORT: 4000`.
      {
        source: 'numeric ConfigMap value',
        document: {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'x' },
          data: { PORT: 4000 },
        },
      },
    ]);
    expect(replicas).toMatchObject({ valid: false, problems: [expect.stringMatching(/replicas/)] });
    expect(unknownKind).toMatchObject({
      valid: false,
      problems: [expect.stringMatching(/unknown apiVersion\/kind/)],
    });
    expect(numericData).toMatchObject({ valid: false, problems: [expect.stringMatching(/PORT/)] });
  });
});

/** The Deployments whose pod labels carry every pair of the Service's selector. */
function selectedBy(service: Manifest): Manifest[] {
  const selector = at(service.document, 'spec', 'selector');
  if (!isMap(selector) || Object.keys(selector).length === 0) return [];
  return deployments.filter((deployment) => {
    const labels = podLabelsOf(deployment);
    return Object.entries(selector).every(([key, value]) => labels[key] === value);
  });
}

describe('apps', () => {
  for (const app of Object.keys(appPorts)) {
    const running = deployments.filter((deployment) => appOf(deployment) === app);

    it(`has one Deployment running PULSE_APP=${app}`, () => {
      expect(running.map(({ name }) => name)).toHaveLength(1);
    });

    it(`has a Service on port ${appPortsByName[app]} selecting the ${app} Deployment`, () => {
      const fronting = services.filter((service) => selectedBy(service).some((target) => running.includes(target)));
      const ports = fronting.flatMap((service) => listOrEmpty(at(service.document, 'spec', 'ports'), 'ports'));
      expect(ports.map((port) => at(port, 'port'))).toContain(appPortsByName[app]);
    });
  }
});

/** The in-cluster address of the Service that fronts an app: its name and http port. */
function serviceAddressOf(app: string): { host: string; port: unknown } | undefined {
  const service = services.find((candidate) => selectedBy(candidate).some((target) => appOf(target) === app));
  if (service === undefined) return undefined;
  const http = listOrEmpty(at(service.document, 'spec', 'ports'), 'ports').find((port) => at(port, 'name') === 'http');
  return { host: service.name, port: at(http, 'port') };
}

describe('gateway', () => {
  const gateway = deployments.find((deployment) => appOf(deployment) === 'gateway');
  const env = gateway === undefined ? new Map<string, string>() : effectiveEnv(containersOf(gateway)[0] ?? {});

  it.each(subgraphRegistry.map((subgraph) => [subgraph.name, subgraph.urlVariable]))(
    'finds the %s subgraph at /graphql of its Service (%s)',
    (name, variable) => {
      const address = serviceAddressOf(name);
      expect(address).toBeDefined();
      expect(env.get(variable)).toBe(`http://${address?.host}:${String(address?.port)}/graphql`);
    },
  );

  it('verifies secret keys at the workspace Service (WORKSPACE_INTERNAL_URL)', () => {
    const address = serviceAddressOf('workspace');
    expect(env.get('WORKSPACE_INTERNAL_URL')).toBe(`http://${address?.host}:${String(address?.port)}`);
  });
});

describe('operator Secrets', () => {
  const rows = operatorSecretRows();
  const usage = new Map<string, Set<string>>();
  for (const deployment of deployments) {
    for (const container of containersOf(deployment)) {
      for (const ref of secretRefsOf(container).values())
        usage.set(ref, (usage.get(ref) ?? new Set()).add(appOf(deployment)));
    }
  }

  it('lists in "Used by" exactly the apps whose Deployments reference each key', () => {
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map(({ name, key, usedBy }) => [`${name}/${key}`, [...usedBy].sort()])).toEqual(
      rows.map(({ name, key }) => [`${name}/${key}`, [...(usage.get(`${name}/${key}`) ?? [])].sort()]),
    );
  });

  it('keeps their keys out of every ConfigMap and literal value', () => {
    const secretKeys = new Set(rows.map(({ key }) => key));
    const leaked = [
      ...[...configMaps].flatMap(([name, data]) =>
        Object.keys(data)
          .filter((key) => secretKeys.has(key))
          .map((key) => `ConfigMap ${name} ${key}`),
      ),
      ...deployments.flatMap((deployment) =>
        containersOf(deployment).flatMap((container) =>
          envOf(container)
            .filter(
              (entry) => secretKeys.has(String(entry.name)) && at(entry, 'valueFrom', 'secretKeyRef') === undefined,
            )
            .map((entry) => `${deployment.name} ${String(entry.name)}`),
        ),
      ),
    ];
    expect(leaked).toEqual([]);
  });

  it('gives every app that reads a variable the same Secret key for it', () => {
    const sources = new Map<string, Set<string>>();
    for (const deployment of deployments) {
      for (const container of containersOf(deployment)) {
        for (const [variable, ref] of secretRefsOf(container))
          sources.set(variable, (sources.get(variable) ?? new Set()).add(ref));
      }
    }
    const inconsistent = [...sources]
      .filter(([, refs]) => refs.size > 1)
      .map(([variable, refs]) => [variable, [...refs]]);
    expect(inconsistent).toEqual([]);
  });
});

// Plain loops rather than describe.each: an empty table would crash the suite with an unhelpful
// message, while the tests above already fail clearly when a kind is missing.
for (const deployment of deployments) {
  describe(`Deployment ${deployment.name}`, () => {
    const podSpec = podSpecOf(deployment);
    const containers = containersOf(deployment);
    const app = appOf(deployment);

    it('selects its own pods', () => {
      const selector = asMap(at(deployment.document, 'spec', 'selector', 'matchLabels'), 'matchLabels');
      expect(Object.keys(selector).length).toBeGreaterThan(0);
      expect(podLabelsOf(deployment)).toMatchObject(selector);
    });

    it('names its app in PULSE_APP', () => {
      expect(app).not.toBe('');
    });

    it('listens on the port appPorts gives its app, and tells the app so', () => {
      expect(Object.keys(appPortsByName)).toContain(app);
      const port = appPortsByName[app];
      const [main] = containers;
      expect(main === undefined ? undefined : resolvePort(main, 'http')).toBe(port);
      expect(main === undefined ? undefined : effectiveEnv(main).get('PORT')).toBe(String(port));
    });

    it('tells Prometheus to scrape /metrics on its port', () => {
      const annotations = at(deployment.document, 'spec', 'template', 'metadata', 'annotations');
      expect([
        at(annotations, 'prometheus.io/scrape'),
        at(annotations, 'prometheus.io/port'),
        at(annotations, 'prometheus.io/path'),
      ]).toEqual(['true', String(appPortsByName[app]), '/metrics']);
    });

    it('is configured validly for production, as the app itself checks', () => {
      const [main] = containers;
      expect(main).toBeDefined();
      if (main === undefined || !isAppName(app, appPorts)) return;
      const imageStage = parseDockerfile(readRepoFile('docker/Dockerfile')).at(-1);
      const env: Record<string, string> = {
        ...(imageStage === undefined ? {} : Object.fromEntries(imageEnvOf(imageStage))),
        ...Object.fromEntries(effectiveEnv(main)),
      };
      for (const [variable, ref] of secretRefsOf(main)) env[variable] = operatorValue(ref);
      expect(env.NODE_ENV).toBe('production');
      expect(configurationProblems(app, env)).toEqual([]);
    });

    it('passes only variables its app reads', () => {
      const [main] = containers;
      expect(main).toBeDefined();
      if (main === undefined || !isAppName(app, appPorts)) return;
      const read = variablesReadBy(app);
      expect(
        variableNamesOf(main).filter((variable) => !read.has(variable) && !runtimeVariables.has(variable)),
      ).toEqual([]);
    });

    for (const container of containers) {
      const name = String(container.name);

      it(`probes container ${name} on /health/live and /health/ready`, () => {
        const probes = ['startupProbe', 'livenessProbe', 'readinessProbe'] as const;
        expect(probes.map((probe) => at(container, probe, 'httpGet', 'path'))).toEqual([
          '/health/live',
          '/health/live',
          '/health/ready',
        ]);
        for (const probe of probes) {
          expect(resolvePort(container, at(container, probe, 'httpGet', 'port'))).toBeDefined();
        }
      });

      it(`sets requests and limits on container ${name}`, () => {
        for (const bound of ['requests', 'limits']) {
          for (const resource of ['cpu', 'memory']) {
            expect(at(container, 'resources', bound, resource)).toEqual(expect.any(String));
          }
        }
      });

      it(`locks container ${name} down`, () => {
        // Container settings override the pod's.
        const effective = (field: string): unknown =>
          at(container, 'securityContext', field) ?? at(podSpec, 'securityContext', field);
        expect(effective('runAsNonRoot')).toBe(true);
        expect(effective('runAsUser')).toBe(imageUid());
        expect(at(effective('seccompProfile'), 'type')).toBe('RuntimeDefault');
        expect(at(container, 'securityContext', 'readOnlyRootFilesystem')).toBe(true);
        expect(at(container, 'securityContext', 'allowPrivilegeEscalation')).toBe(false);
        expect(at(container, 'securityContext', 'capabilities', 'drop')).toContain('ALL');
      });
    }

    it('refers only to ConfigMaps of the base and Secrets the operator provides', () => {
      const secrets = operatorSecrets();
      const dangling: string[] = [];
      const describeRef = (kind: string, name: unknown, key: unknown): string =>
        `${kind} ${String(name)}${key === undefined ? '' : ` key ${String(key)}`}`;
      const needConfigMap = (name: unknown, key?: unknown): void => {
        const data = configMaps.get(String(name));
        if (data === undefined || (key !== undefined && !(String(key) in data))) {
          dangling.push(describeRef('ConfigMap', name, key));
        }
      };
      const needSecret = (name: unknown, key?: unknown): void => {
        const keys = secrets.get(String(name));
        if (keys === undefined || (key !== undefined && !keys.has(String(key)))) {
          dangling.push(describeRef('Secret', name, key));
        }
      };
      for (const container of containers) {
        for (const source of envFromOf(container)) {
          if (source.configMapRef !== undefined) needConfigMap(at(source, 'configMapRef', 'name'));
          if (source.secretRef !== undefined) needSecret(at(source, 'secretRef', 'name'));
        }
        for (const entry of envOf(container)) {
          const configMapKey = at(entry, 'valueFrom', 'configMapKeyRef');
          const secretKey = at(entry, 'valueFrom', 'secretKeyRef');
          if (configMapKey !== undefined) {
            needConfigMap(at(configMapKey, 'name'), at(configMapKey, 'key'));
          }
          if (secretKey !== undefined) {
            needSecret(at(secretKey, 'name'), at(secretKey, 'key'));
          }
        }
      }
      for (const volume of listOrEmpty(podSpec.volumes, 'volumes')) {
        if (at(volume, 'configMap') !== undefined) needConfigMap(at(volume, 'configMap', 'name'));
        if (at(volume, 'secret') !== undefined) needSecret(at(volume, 'secret', 'secretName'));
      }
      expect(dangling).toEqual([]);
    });
  });
}

for (const service of services) {
  describe(`Service ${service.name}`, () => {
    const targets = selectedBy(service);
    const ports = listOrEmpty(at(service.document, 'spec', 'ports'), 'ports').map((port) => asMap(port, 'ports[]'));

    it('selects the pods of exactly one Deployment', () => {
      expect(targets.map(({ name }) => name)).toHaveLength(1);
    });

    it('targets ports its pods listen on', () => {
      const containers = targets.flatMap(containersOf);
      expect(ports.length).toBeGreaterThan(0);
      for (const port of ports) {
        const target = port.targetPort ?? port.port;
        const listening = containers.some((container) => resolvePort(container, target) !== undefined);
        expect({ target, listening }).toEqual({ target, listening: true });
      }
    });

    it('serves its app on the port appPorts gives it', () => {
      const [target] = targets;
      const app = target === undefined ? '' : appOf(target);
      expect(ports.find((port) => port.name === 'http')?.port).toBe(appPortsByName[app]);
    });
  });
}
