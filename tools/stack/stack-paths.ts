import { homedir } from 'node:os';
import { join } from 'node:path';
import { stackVersions } from './stack-versions';

export interface StackPaths {
  /** Downloads shared by every clone on the machine. */
  cacheDir: string;
  /** Installed engines, data, logs and pid files: one local stack per machine. */
  stateDir: string;
  kafkaLibs: string;
  mavenProject: string;
  elasticsearchZip: string;
  elasticsearchHome: string;
  kafkaDir: string;
  elasticsearchDir: string;
  redisDir: string;
  logsDir: string;
  runDir: string;
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

export function stackPaths(env: NodeJS.ProcessEnv = process.env): StackPaths {
  const cacheDir = env.PULSE_CACHE_DIR ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'pulse');
  // Elasticsearch runs as its own unprivileged user, which cannot enter /root: as root the state
  // lives under /var/lib.
  const stateDir =
    env.PULSE_STATE_DIR ??
    (isRoot() ? '/var/lib/pulse' : join(env.XDG_STATE_HOME ?? join(homedir(), '.local/state'), 'pulse'));
  return {
    cacheDir,
    stateDir,
    kafkaLibs: join(cacheDir, `kafka-${stackVersions.kafka}`, 'libs'),
    mavenProject: join(cacheDir, 'maven'),
    elasticsearchZip: join(cacheDir, `elasticsearch-${stackVersions.elasticsearch}.zip`),
    elasticsearchHome: join(stateDir, `elasticsearch-${stackVersions.elasticsearch}`),
    kafkaDir: join(stateDir, 'kafka'),
    elasticsearchDir: join(stateDir, 'elasticsearch'),
    redisDir: join(stateDir, 'redis'),
    logsDir: join(stateDir, 'logs'),
    runDir: join(stateDir, 'run'),
  };
}

export { isRoot };
