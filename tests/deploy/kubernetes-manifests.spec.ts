import { parse } from 'yaml';
import { appPorts } from '../../tools/stack/stack-versions';
import { parseDockerfile, userOf } from './dockerfile-parser';
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

/** Secret name -> keys, from the "Secrets" table of k8s/README.md: what the operator provides. */
function operatorSecrets(): Map<string, Set<string>> {
  const lines = readRepoFile('k8s/README.md').split(/\r?\n/);
  const start = lines.findIndex((line) => /^## Secrets\b/.test(line));
  const end = lines.findIndex((line, index) => index > start && line.startsWith('## '));
  const secrets = new Map<string, Set<string>>();
  if (start < 0) return secrets;
  for (const line of lines.slice(start + 1, end < 0 ? undefined : end)) {
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim());
    const name = /^`([^`]+)`$/.exec(cells[0] ?? '')?.[1];
    const key = /^`([^`]+)`$/.exec(cells[1] ?? '')?.[1];
    if (name === undefined || key === undefined) continue;
    secrets.set(name, (secrets.get(name) ?? new Set()).add(key));
  }
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

/** The plain values the container sees: ConfigMaps of envFrom in order, then literal env. */
function effectiveEnv(container: YamlMap): Map<string, string> {
  const env = new Map<string, string>();
  for (const source of envFromOf(container)) {
    const data = configMaps.get(String(at(source, 'configMapRef', 'name')));
    for (const [key, value] of Object.entries(data ?? {})) env.set(key, String(value));
  }
  for (const entry of envOf(container)) {
    if (typeof entry.value === 'string') env.set(String(entry.name), entry.value);
  }
  return env;
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

describe('gateway', () => {
  const gateways = deployments.filter((deployment) => appOf(deployment) === 'gateway');

  it('has one Deployment running PULSE_APP=gateway', () => {
    expect(gateways.map(({ name }) => name)).toHaveLength(1);
  });

  it(`has a Service on port ${appPorts.gateway} selecting it`, () => {
    const fronting = services.filter((service) => selectedBy(service).some((target) => gateways.includes(target)));
    const ports = fronting.flatMap((service) => listOrEmpty(at(service.document, 'spec', 'ports'), 'ports'));
    expect(ports.map((port) => at(port, 'port'))).toContain(appPorts.gateway);
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
