import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createRedisConnection, probeRedis } from '@pulse/redis';
import { engineStatus, type EngineStatus, type LocalEngine } from './engine';
import { installDebianPackages } from './debian-packages';
import { commandExists, removeFile, runningPid, runOrFail, stopProcess } from './process-control';
import { say } from './stack-output';
import type { StackPaths } from './stack-paths';
import { stackPorts } from './stack-versions';

/** Every key Pulse writes (apps, queues and tests) starts with this. */
export const PULSE_KEY_PATTERN = 'pulse:*';
const REDIS_URL = `redis://127.0.0.1:${stackPorts.redis}/0`;

export class RedisEngine implements LocalEngine {
  readonly name = 'redis' as const;
  readonly port = stackPorts.redis;
  readonly wipesWhileRunning = true;
  readonly logFile: string;
  private readonly pidFile: string;
  private startedByUs = false;

  constructor(private readonly paths: StackPaths) {
    this.logFile = join(paths.logsDir, 'redis.log');
    this.pidFile = join(paths.runDir, 'redis.pid');
  }

  async probe(timeoutMs: number): Promise<string> {
    const { pong } = await probeRedis({ url: REDIS_URL, keyPrefix: 'pulse:' }, timeoutMs);
    return pong;
  }

  private async answers(): Promise<boolean> {
    return this.probe(1_000).then(
      () => true,
      () => false,
    );
  }

  async install(): Promise<void> {
    if (!commandExists('redis-server') && !(await this.answers())) {
      installDebianPackages(['redis-server'], 'Redis is not installed');
    }
  }

  async start(): Promise<boolean> {
    if (await this.answers()) return false;
    for (const dir of [this.paths.redisDir, this.paths.logsDir, this.paths.runDir]) mkdirSync(dir, { recursive: true });
    runOrFail(
      'redis-server',
      [
        '--daemonize',
        'yes',
        '--bind',
        '127.0.0.1',
        '--port',
        String(this.port),
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        this.paths.redisDir,
        '--logfile',
        this.logFile,
        '--pidfile',
        this.pidFile,
      ],
      'redis-server',
    );
    this.startedByUs = true;
    say(`redis: started, log ${this.logFile}`);
    return true;
  }

  startFailure(): string | null {
    return null;
  }

  async status(): Promise<EngineStatus> {
    const pid = runningPid(this.pidFile, 'redis-server');
    const status = await engineStatus(this, pid, pid !== null);
    // The machine's Redis logs where its own configuration says.
    return pid || this.startedByUs ? status : { ...status, logFile: '/var/log/redis/' };
  }

  async stop(): Promise<'stopped' | 'not ours' | 'not running'> {
    const pid = runningPid(this.pidFile, 'redis-server');
    if (pid === null) return (await this.answers()) ? 'not ours' : 'not running';
    await stopProcess(pid, 10_000);
    removeFile(this.pidFile);
    return 'stopped';
  }

  /** Deletes Pulse's keys only: the server may be the machine's, shared with others. */
  async wipe(): Promise<void> {
    if (!(await this.answers())) return;
    const redis = createRedisConnection({ url: REDIS_URL, keyPrefix: '' }, { reconnect: false });
    try {
      let cursor = '0';
      let deleted = 0;
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', PULSE_KEY_PATTERN, 'COUNT', 1000);
        cursor = next;
        if (keys.length > 0) deleted += await redis.unlink(...keys);
      } while (cursor !== '0');
      say(`redis: deleted ${deleted} keys matching ${PULSE_KEY_PATTERN}`);
    } finally {
      redis.disconnect();
    }
  }
}
