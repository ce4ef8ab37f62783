import { chmodSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { probeElasticsearch } from '@pulse/elasticsearch';
import { ProcessEngine } from './engine';
import { fetchElasticsearchZip } from './maven-fetch';
import { commandExists, removeFile, runningPid, runOrFail, spawnDetached } from './process-control';
import { say, StackFailure } from './stack-output';
import { isRoot, type StackPaths } from './stack-paths';
import { stackPorts } from './stack-versions';

const MAIN_CLASS = 'org.elasticsearch.bootstrap.Elasticsearch';
/** Elasticsearch refuses to run as root; as root we run it as this system user. */
export const ELASTICSEARCH_USER = 'pulse-es';
const CLUSTER_NAME = 'pulse-local';

/** The integ-test-zip ships no JDK; Elasticsearch 8.19 runs on 17 or newer. */
export function findJavaHome(env: NodeJS.ProcessEnv = process.env): string {
  const candidates = [
    env.PULSE_ES_JAVA_HOME,
    '/usr/lib/jvm/java-17-openjdk-amd64',
    '/usr/lib/jvm/java-17-openjdk-arm64',
    env.JAVA_HOME,
    ...(existsSync('/usr/lib/jvm')
      ? readdirSync('/usr/lib/jvm')
          .sort()
          .map((name) => join('/usr/lib/jvm', name))
      : []),
  ];
  const found = candidates.find((home) => home && existsSync(join(home, 'bin/java')));
  if (!found)
    throw new StackFailure(
      'elasticsearch: no JDK found (set PULSE_ES_JAVA_HOME, or apt-get install openjdk-17-jre-headless)',
    );
  return found;
}

export class ElasticsearchEngine extends ProcessEngine {
  readonly name = 'elasticsearch' as const;
  readonly port = stackPorts.elasticsearch;
  readonly logFile: string;
  private readonly logsDir: string;
  private readonly launcherLog: string;
  private started = false;

  constructor(private readonly paths: StackPaths) {
    super(join(paths.elasticsearchDir, 'elasticsearch.pid'), join(paths.elasticsearchDir, 'data'), MAIN_CLASS);
    this.logsDir = join(paths.logsDir, 'elasticsearch');
    this.logFile = join(this.logsDir, `${CLUSTER_NAME}.log`);
    // Written by Elasticsearch itself, so inside a directory its user owns.
    this.launcherLog = join(this.logsDir, 'launcher.log');
  }

  async probe(timeoutMs: number): Promise<string> {
    const state = await probeElasticsearch(
      { url: `http://127.0.0.1:${this.port}`, requestTimeoutMs: timeoutMs },
      timeoutMs,
    );
    return `cluster ${state.cluster}, ${state.nodes} node(s)`;
  }

  async install(): Promise<void> {
    if (!existsSync(this.paths.elasticsearchZip)) {
      await fetchElasticsearchZip(dirname(this.paths.elasticsearchZip));
    }
    const home = this.paths.elasticsearchHome;
    if (!existsSync(join(home, 'bin/elasticsearch'))) {
      say(`elasticsearch: unpacking into ${home}`);
      mkdirSync(dirname(home), { recursive: true });
      rmSync(home, { recursive: true, force: true });
      if (commandExists('unzip'))
        runOrFail('unzip', ['-q', '-o', this.paths.elasticsearchZip, '-d', dirname(home)], 'unzip');
      else {
        runOrFail('jar', ['xf', this.paths.elasticsearchZip], 'unpack with jar', { cwd: dirname(home) });
        for (const name of readdirSync(join(home, 'bin'))) chmodSync(join(home, 'bin', name), 0o755);
      }
    }
    if (isRoot()) this.prepareUser();
  }

  private prepareUser(): void {
    const exists = runOrFail('sh', ['-c', `id -u ${ELASTICSEARCH_USER} 2>/dev/null || true`], 'id').trim();
    if (!exists) {
      say(`elasticsearch: creating the system user ${ELASTICSEARCH_USER} (Elasticsearch refuses to run as root)`);
      runOrFail(
        'useradd',
        ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', ELASTICSEARCH_USER],
        'useradd',
      );
    }
  }

  private ensureDirectories(): void {
    for (const dir of [
      this.paths.elasticsearchDir,
      this.dataDir,
      this.logsDir,
      this.paths.logsDir,
      this.paths.runDir,
    ]) {
      mkdirSync(dir, { recursive: true });
    }
    if (isRoot()) {
      for (const dir of [this.paths.stateDir, this.paths.logsDir]) chmodSync(dir, 0o755);
      runOrFail(
        'chown',
        [
          '-R',
          `${ELASTICSEARCH_USER}:${ELASTICSEARCH_USER}`,
          this.paths.elasticsearchHome,
          this.paths.elasticsearchDir,
          this.logsDir,
        ],
        'chown Elasticsearch directories',
      );
    }
  }

  async start(): Promise<boolean> {
    if (this.runningPid() !== null) return false;
    try {
      await this.probe(1_000);
      return false;
    } catch {
      // not answering: start ours
    }
    this.ensureDirectories();
    removeFile(this.pidFile);
    const heap = process.env.PULSE_ES_HEAP ?? '1g';
    const settings = [
      'discovery.type=single-node',
      `cluster.name=${CLUSTER_NAME}`,
      'network.host=127.0.0.1',
      `http.port=${this.port}`,
      'transport.port=9300-9399',
      'xpack.security.enabled=false',
      'cluster.routing.allocation.disk.threshold_enabled=false',
      `path.data=${this.dataDir}`,
      `path.logs=${this.logsDir}`,
    ];
    const command = join(this.paths.elasticsearchHome, 'bin/elasticsearch');
    const args = ['-d', '-p', this.pidFile, ...settings.flatMap((setting) => ['-E', setting])];
    const env = { ...process.env, ES_JAVA_HOME: findJavaHome(), ES_JAVA_OPTS: `-Xms${heap} -Xmx${heap}` };
    const launcherPidFile = join(this.paths.runDir, 'elasticsearch-launcher.pid');
    if (isRoot()) {
      spawnDetached('runuser', ['-u', ELASTICSEARCH_USER, '--', command, ...args], {
        logFile: this.launcherLog,
        pidFile: launcherPidFile,
        env,
      });
    } else {
      spawnDetached(command, args, { logFile: this.launcherLog, pidFile: launcherPidFile, env });
    }
    this.started = true;
    say(`elasticsearch: starting (heap ${heap}), log ${this.logFile}`);
    return true;
  }

  startFailure(): string | null {
    if (!this.started) return null;
    const launcher = runningPid(join(this.paths.runDir, 'elasticsearch-launcher.pid'), 'elasticsearch');
    if (launcher === null && this.runningPid() === null) {
      return `the Elasticsearch process exited (see also ${this.launcherLog})`;
    }
    return null;
  }
}
