import { kafkaServerProperties } from './kafka-engine';
import { kafkaPom } from './maven-fetch';
import { stackPaths } from './stack-paths';
import { stackPorts, stackVersions } from './stack-versions';

describe('local stack configuration', () => {
  it('pins kafka_2.13 and kafka-tools to one exact version, never a range', () => {
    const pom = kafkaPom();
    const versions = [
      ...pom.matchAll(/<artifactId>(kafka_2\.13|kafka-tools)<\/artifactId><version>([^<]+)<\/version>/g),
    ];
    expect(versions.map((match) => [match[1], match[2]])).toEqual([
      ['kafka_2.13', stackVersions.kafka],
      ['kafka-tools', stackVersions.kafka],
    ]);
    expect(pom).not.toMatch(/<version>[[(]/);
  });

  it('runs Kafka as one KRaft broker and controller on loopback', () => {
    const properties = Object.fromEntries(
      kafkaServerProperties('/data/kafka')
        .split('\n')
        .filter((line) => line.includes('=') && !line.startsWith('#'))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    expect(properties['process.roles']).toBe('broker,controller');
    expect(properties['listeners']).toBe(
      `PLAINTEXT://127.0.0.1:${stackPorts.kafka},CONTROLLER://127.0.0.1:${stackPorts.kafkaController}`,
    );
    expect(properties['offsets.topic.replication.factor']).toBe('1');
    expect(properties['auto.create.topics.enable']).toBe('false');
    expect(properties['log.dirs']).toBe('/data/kafka');
  });

  it('keeps downloads in a per-machine cache outside the clone', () => {
    const paths = stackPaths({ HOME: '/home/dev', XDG_CACHE_HOME: '/home/dev/.cache', PULSE_STATE_DIR: '/srv/pulse' });
    expect(paths.kafkaLibs).toBe(`/home/dev/.cache/pulse/kafka-${stackVersions.kafka}/libs`);
    expect(paths.elasticsearchZip).toBe(`/home/dev/.cache/pulse/elasticsearch-${stackVersions.elasticsearch}.zip`);
    expect(paths.elasticsearchHome).toBe(`/srv/pulse/elasticsearch-${stackVersions.elasticsearch}`);
    expect(paths.cacheDir.startsWith(process.cwd())).toBe(false);
  });
});
