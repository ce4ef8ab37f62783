import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { probePostgres } from '@pulse/database';
import { engineStatus, type EngineStatus, type LocalEngine } from './engine';
import { installDebianPackages } from './debian-packages';
import { commandExists, runOrFail } from './process-control';
import { say, StackFailure } from './stack-output';
import { isRoot, type StackPaths } from './stack-paths';
import { stackPorts, stackVersions } from './stack-versions';

/** The application role and the databases the apps and the tests use. */
export const localDatabase = { role: 'pulse', password: 'pulse', databases: ['pulse', 'pulse_test'] } as const;

/** An authentication or missing-role error still proves the server runs. */
function isNotPreparedYet(error: unknown): boolean {
  return /password authentication|role ".*" does not exist|database ".*" does not exist/i.test(
    error instanceof Error ? error.message : '',
  );
}

export const localDatabaseUrl = (database: string) =>
  `postgres://${localDatabase.role}:${localDatabase.password}@127.0.0.1:${stackPorts.postgres}/${database}`;

/**
 * PostgreSQL is the machine's when one answers on 5432; otherwise Debian's cluster is started
 * (installed first if need be). Administration runs as the postgres OS user over the local
 * socket, which works with Debian's default peer authentication.
 */
export class PostgresEngine implements LocalEngine {
  readonly name = 'postgres' as const;
  readonly port = stackPorts.postgres;
  readonly wipesWhileRunning = true;
  private readonly startedMarker: string;

  constructor(paths: StackPaths) {
    this.startedMarker = join(paths.runDir, 'postgres.started-by-pulse');
    mkdirSync(paths.runDir, { recursive: true });
  }

  /** Healthy once the server answers; before `prepare` the pulse role may not exist yet. */
  async probe(timeoutMs: number): Promise<string> {
    try {
      const state = await probePostgres({ url: localDatabaseUrl('pulse'), schema: 'public', poolSize: 1 }, timeoutMs);
      return `PostgreSQL ${state.serverVersion}`;
    } catch (error) {
      if (isNotPreparedYet(error)) return 'answering (pulse role or database not created yet)';
      throw error;
    }
  }

  private async answers(): Promise<boolean> {
    return this.probe(1_500).then(
      () => true,
      () => false,
    );
  }

  async install(): Promise<void> {
    if (!commandExists('pg_ctlcluster') && !(await this.answers())) {
      installDebianPackages([`postgresql-${stackVersions.postgresMajor}`], 'PostgreSQL is not installed');
    }
  }

  /** The log of the cluster on our port, as Debian's cluster tools report it. */
  get logFile(): string {
    const cluster = this.clusters().find((candidate) => candidate.port === String(this.port));
    return cluster?.logFile ?? `/var/log/postgresql/postgresql-${stackVersions.postgresMajor}-main.log`;
  }

  private clusters(): { version: string; name: string; port: string; status: string; logFile: string }[] {
    if (!commandExists('pg_lsclusters')) return [];
    return runOrFail('pg_lsclusters', ['--no-header'], 'pg_lsclusters')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [version = '', name = '', port = '', status = '', , , logFile = ''] = line.trim().split(/\s+/);
        return { version, name, port, status, logFile };
      });
  }

  async start(): Promise<boolean> {
    let started = false;
    if (!(await this.answers())) {
      const cluster = this.clusters().find((candidate) => candidate.status !== 'online');
      if (!cluster)
        throw new StackFailure(`postgres: nothing answers on port ${this.port} and no local cluster to start`);
      say(`postgres: starting cluster ${cluster.version}/${cluster.name}`);
      runOrFail(
        'pg_ctlcluster',
        ['--skip-systemctl-redirect', cluster.version, cluster.name, 'start'],
        'pg_ctlcluster start',
      );
      writeFileSync(this.startedMarker, `${cluster.version} ${cluster.name}\n`);
      started = true;
    }
    return started;
  }

  startFailure(): string | null {
    return null;
  }

  /** Role, databases and the hll extension; each step is a no-op when already done. */
  async prepare(): Promise<void> {
    const major = await this.serverMajor();
    const available = this.adminQuery(
      'postgres',
      "SELECT count(*) FROM pg_available_extensions WHERE name = 'hll'",
    ).trim();
    if (available === '0') installDebianPackages([`postgresql-${major}-hll`], 'the hll extension is missing');
    const { role, password, databases } = localDatabase;
    this.adminQuery(
      'postgres',
      `DO $$ BEGIN
         IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${role}') THEN
           CREATE ROLE ${role} LOGIN PASSWORD '${password}' CREATEDB;
         END IF;
       END $$`,
    );
    for (const database of databases) {
      const exists = this.adminQuery(
        'postgres',
        `SELECT count(*) FROM pg_database WHERE datname = '${database}'`,
      ).trim();
      if (exists === '0') {
        say(`postgres: creating database ${database}`);
        this.adminQuery('postgres', `CREATE DATABASE ${database} OWNER ${role}`);
      }
      this.adminQuery(database, 'CREATE EXTENSION IF NOT EXISTS hll');
    }
  }

  private async serverMajor(): Promise<string> {
    return this.adminQuery('postgres', "SELECT current_setting('server_version_num')::int / 10000").trim();
  }

  private adminQuery(database: string, sql: string): string {
    const what = `postgres: ${sql.split('\n')[0]}`;
    const psqlArgs = (target: string) => ['-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', '-d', target, '-c', sql];
    if (isRoot() && commandExists('runuser') && this.hasOsUser('postgres')) {
      return runOrFail('runuser', ['-u', 'postgres', '--', 'psql', ...psqlArgs(database)], what, { cwd: '/' });
    }
    const adminUrl = process.env.PULSE_POSTGRES_ADMIN_URL ?? `postgres://postgres@127.0.0.1:${this.port}`;
    return runOrFail('psql', psqlArgs(`${adminUrl}/${database}`), what);
  }

  private hasOsUser(name: string): boolean {
    return runOrFail('sh', ['-c', `id -u ${name} 2>/dev/null || true`], 'id').trim() !== '';
  }

  status(): Promise<EngineStatus> {
    return engineStatus(this, this.postmasterPid(), existsSync(this.startedMarker));
  }

  private postmasterPid(): number | null {
    const dataDirs = existsSync('/var/lib/postgresql') ? readdirSync('/var/lib/postgresql') : [];
    for (const version of dataDirs) {
      const pidFile = `/var/lib/postgresql/${version}/main/postmaster.pid`;
      try {
        const pid = Number(runOrFail('head', ['-1', pidFile], 'read postmaster.pid').trim());
        if (pid > 0) return pid;
      } catch {
        // not this one
      }
    }
    return null;
  }

  async stop(): Promise<'stopped' | 'not ours' | 'not running'> {
    if (!existsSync(this.startedMarker)) return (await this.answers()) ? 'not ours' : 'not running';
    const [version = '', name = ''] = runOrFail('cat', [this.startedMarker], 'read marker').trim().split(' ');
    runOrFail('pg_ctlcluster', ['--skip-systemctl-redirect', version, name, 'stop'], 'pg_ctlcluster stop');
    rmSync(this.startedMarker, { force: true });
    return 'stopped';
  }

  async wipe(): Promise<void> {
    if (!(await this.answers())) return;
    for (const database of localDatabase.databases) {
      say(`postgres: dropping database ${database}`);
      this.adminQuery('postgres', `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    }
  }
}
