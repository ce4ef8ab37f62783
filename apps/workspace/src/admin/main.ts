import 'reflect-metadata';
import { Logger, type LoggerService } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { NestFactory } from '@nestjs/core';
import { InvalidConfigurationException } from '@pulse/config';
import { EXIT_INVALID_CONFIGURATION } from '@pulse/runtime';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { CreateOrganizationCommand } from '../commands/create-organization/create-organization.command';
import { IssueSecretKeyCommand } from '../commands/issue-secret-key/issue-secret-key.command';
import type { Caller } from '../commands/shared/caller';
import { loadWorkspaceConfig } from '../workspace.config';
import { connectWorkspaceConsumers } from '../workspace-microservices';
import { WorkspaceModule } from '../workspace.module';

const usage = `usage: ./pulse admin create-organization --name <name> [--key-name <name>] [--json]
  Creates an organization and its first secret key, and prints the key once.`;

/** Diagnostics go to stderr, so that stdout carries only the answer (and `--json` parses). */
const stderrLogger: LoggerService = {
  log: () => undefined,
  warn: (message: unknown) => process.stderr.write(`${String(message)}\n`),
  error: (message: unknown) => process.stderr.write(`${String(message)}\n`),
};

/**
 * The first-run path: a tenant and its first credential, without a credential to ask with. It
 * runs the workspace in-process (relay and read model included), so it works whether or not the
 * workspace app is running; it needs only the database and Kafka.
 */
async function main(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2);
  const { values } = parseArgs({
    args: rest,
    options: {
      name: { type: 'string' },
      'key-name': { type: 'string', default: 'admin' },
      json: { type: 'boolean', default: false },
    },
  });
  if (command !== 'create-organization' || !values.name) {
    process.stderr.write(`${usage}\n`);
    return 2;
  }
  // Clients made before the app (Kafka's) log through the static logger: route it too.
  Logger.overrideLogger(stderrLogger);
  const config = loadWorkspaceConfig();
  const app = await NestFactory.create(
    WorkspaceModule.forRoot({ ...config, logging: { ...config.logging, level: 'warn' } }),
    {
      logger: stderrLogger,
    },
  );
  try {
    connectWorkspaceConsumers(app, config, '.admin');
    await app.init();
    await app.startAllMicroservices();
    const commands = app.get(CommandBus);
    const actor = { kind: 'admin-cli', id: process.env.USER ?? 'admin' };
    const correlationId = randomUUID();
    const organization = await commands.execute(
      new CreateOrganizationCommand(actor, correlationId, { name: values.name }),
    );
    const caller: Caller = { organizationId: organization.id, actor, projectScope: null, correlationId };
    const issued = await commands.execute(
      new IssueSecretKeyCommand(caller, { name: values['key-name'], projectScope: null }),
    );
    if (values.json) {
      process.stdout.write(
        `${JSON.stringify({ organizationId: organization.id, secretKey: issued.key, keyId: issued.apiKey.id })}\n`,
      );
    } else {
      process.stdout.write(
        `organization ${organization.name} (${organization.id})\n` +
          `secret key   ${issued.key}\n` +
          'Store the key now: Pulse keeps only its hash and cannot show it again.\n',
      );
    }
    return 0;
  } finally {
    await app.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof InvalidConfigurationException) {
      process.stderr.write(`${error.message}\n`);
      process.exit(EXIT_INVALID_CONFIGURATION);
    }
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
