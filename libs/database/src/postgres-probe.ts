import type { PostgresConfig } from '@pulse/config';
import { Client } from 'pg';

export async function probePostgres(config: PostgresConfig, timeoutMs = 3_000): Promise<{ serverVersion: string }> {
  const client = new Client({
    connectionString: config.url,
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs,
  });
  try {
    await client.connect();
    const result = await client.query<{ version: string }>('SELECT current_setting($1) AS version', ['server_version']);
    return { serverVersion: result.rows[0]?.version ?? 'unknown' };
  } finally {
    await client.end().catch(() => undefined);
  }
}
