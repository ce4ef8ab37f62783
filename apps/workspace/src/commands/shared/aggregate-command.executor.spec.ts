import { DomainRuleException } from '@pulse/domain';
import { projectDecider, type ProjectCommand } from '../../domain/project/project.decider';
import type { WorkspaceEvent } from '../../events/workspace-event';
import { AggregateCommandExecutor } from './aggregate-command.executor';
import type { StoredStream, WorkspaceEventStore } from './workspace-event-store.port';

/** An in-memory fake of our own port: enough to pin the executor's rules without PostgreSQL. */
class InMemoryEventStore implements WorkspaceEventStore {
  readonly streams = new Map<string, WorkspaceEvent[]>();

  async readStream(streamId: string): Promise<StoredStream> {
    const events = this.streams.get(streamId) ?? [];
    return { events: [...events], version: events.length };
  }

  async append(streamId: string, _type: string, expectedVersion: number, events: readonly WorkspaceEvent[]) {
    const stored = this.streams.get(streamId) ?? [];
    if (stored.length !== expectedVersion) throw new DomainRuleException('CONFLICT', 'stream moved');
    this.streams.set(streamId, [...stored, ...events]);
    return { version: stored.length + events.length };
  }
}

const metadata = { organizationId: 'org-1', actor: { kind: 'secret-key', id: 'k-1' }, correlationId: 'c-1' };
const create: ProjectCommand = {
  type: 'CreateProject',
  data: { projectId: 'p-1', organizationId: 'org-1', name: 'Main', domains: [], currency: 'EUR', timeZone: 'UTC' },
};
const rename = (name: string): ProjectCommand => ({ type: 'RenameProject', data: { projectId: 'p-1', name } });

async function refusal(promise: Promise<unknown>): Promise<DomainRuleException> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainRuleException) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('AggregateCommandExecutor', () => {
  let store: InMemoryEventStore;
  let executor: AggregateCommandExecutor;
  const run = (command: ProjectCommand, expectedVersion: number | undefined, organizationId = 'org-1') =>
    executor.execute({
      decider: projectDecider,
      streamType: 'project',
      streamId: 'p-1',
      expectedVersion,
      command,
      metadata: { ...metadata, organizationId },
      belongsToCaller: (state) => state.status !== 'absent' && state.organizationId === organizationId,
    });

  beforeEach(() => {
    store = new InMemoryEventStore();
    executor = new AggregateCommandExecutor(store);
  });

  it('appends the decided events and returns the new state and version', async () => {
    const result = await run(create, undefined);
    expect(result.version).toBe(1);
    expect(result.state).toMatchObject({ status: 'active', name: 'Main' });
    expect(store.streams.get('p-1')).toHaveLength(1);
  });

  it('refuses a stale expected version with CONFLICT and appends nothing', async () => {
    await run(create, undefined);
    await run(rename('Outlet'), 1);
    const error = await refusal(run(rename('Again'), 1));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toContain('version 2, not 1');
    expect(store.streams.get('p-1')).toHaveLength(2);
  });

  it("answers another organization's aggregate as if it did not exist", async () => {
    await run(create, undefined);
    const error = await refusal(run(rename('Stolen'), 1, 'org-2'));
    expect(error.code).toBe('NOT_FOUND');
    expect(store.streams.get('p-1')).toHaveLength(1);
  });

  it('appends nothing for a command that changes nothing', async () => {
    await run(create, undefined);
    const result = await run(rename('Main'), 1);
    expect(result).toMatchObject({ version: 1, events: [] });
  });

  it('passes on a conflict raised by the append itself (a writer in between)', async () => {
    await run(create, undefined);
    const seenByThisWriter = await store.readStream('p-1');
    store.readStream = async () => seenByThisWriter;
    await store.append('p-1', 'project', 1, [{ type: 'ProjectRenamed', data: { projectId: 'p-1', name: 'Other' } }]);
    expect((await refusal(run(rename('Late'), 1))).code).toBe('CONFLICT');
    expect(store.streams.get('p-1')).toHaveLength(2);
  });
});
