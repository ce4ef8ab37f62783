import { validate as isUuid, version as uuidVersion } from 'uuid';
import { prepareAppend, resolveBaseVersion } from './append-input';
import type { EventMetadata, NewEvent } from './event-store.types';
import { InvalidAppendException } from './invalid-append.exception';
import { StreamVersionConflictException } from './stream-version-conflict.exception';

const metadata: EventMetadata = { correlationId: 'req-1', actor: { kind: 'user', id: 'u-1' }, organizationId: 'org-1' };
const created: NewEvent = { type: 'ProjectCreated', data: { name: 'Shop' } };

function problemsOf(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidAppendException) return error.problems;
    throw error;
  }
  throw new Error('expected an InvalidAppendException');
}

describe('prepareAppend', () => {
  it('gives events without an id a UUIDv7 and schema version 1', () => {
    const append = prepareAppend('p-1', 'project', 'no-stream', [created, created], metadata);
    expect(append.events).toHaveLength(2);
    for (const event of append.events) {
      expect(isUuid(event.id)).toBe(true);
      expect(uuidVersion(event.id)).toBe(7);
      expect(event.schemaVersion).toBe(1);
    }
    expect(append.events[0]?.id).not.toBe(append.events[1]?.id);
    expect(append.callerIds).toEqual([]);
  });

  it('keeps caller ids, lower-cased, as the idempotency keys', () => {
    const id = '0190A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5B';
    const append = prepareAppend('p-1', 'project', 3, [{ ...created, id, schemaVersion: 2 }], metadata);
    expect(append.events[0]).toEqual({
      id: id.toLowerCase(),
      type: 'ProjectCreated',
      schemaVersion: 2,
      data: created.data,
    });
    expect(append.callerIds).toEqual([id.toLowerCase()]);
  });

  it('refuses an empty append', () => {
    expect(problemsOf(() => prepareAppend('p-1', 'project', 'any', [], metadata))).toEqual([
      'an append needs at least one event',
    ]);
  });

  it('refuses bad names, versions, ids and data, listing every problem', () => {
    const problems = problemsOf(() =>
      prepareAppend(
        '',
        'Project',
        -1,
        [
          { type: 'project_created', data: {} },
          { type: 'ProjectRenamed', schemaVersion: 0, data: [] as unknown as object },
          { id: 'not-a-uuid', type: 'ProjectArchived', data: new Date() },
        ],
        { correlationId: '', actor: { kind: 'user', id: '' } },
      ),
    );
    expect(problems).toEqual([
      'stream id must be a non-empty string of at most 200 characters',
      "stream type must be kebab-case such as 'api-key' (got 'Project')",
      "expected version must be 'any', 'no-stream' or an integer >= 0 (got -1)",
      'metadata.correlationId must be a non-empty string',
      'metadata.actor needs a non-empty kind and id',
      "events[0].type must be PascalCase such as 'ProjectCreated' (got 'project_created')",
      'events[1].schemaVersion must be an integer >= 1',
      'events[1].data must be a plain JSON object',
      'events[2].data must be a plain JSON object',
      "events[2].id must be a UUID (got 'not-a-uuid')",
    ]);
  });

  it('refuses the same event id twice in one append', () => {
    const id = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
    expect(
      problemsOf(() =>
        prepareAppend(
          'p-1',
          'project',
          'any',
          [
            { ...created, id },
            { ...created, id },
          ],
          metadata,
        ),
      ),
    ).toEqual(['event ids must be unique within an append']);
  });

  it('accepts kebab-case stream types such as api-key', () => {
    expect(prepareAppend('k-1', 'api-key', 0, [{ type: 'WriteKeyIssued', data: {} }], metadata).streamType).toBe(
      'api-key',
    );
  });
});

describe('resolveBaseVersion', () => {
  it("'any' builds on whatever version the stream is at", () => {
    expect(resolveBaseVersion('s', 'any', 0)).toBe(0);
    expect(resolveBaseVersion('s', 'any', 7)).toBe(7);
  });

  it("'no-stream' and 0 require a stream that does not exist", () => {
    expect(resolveBaseVersion('s', 'no-stream', 0)).toBe(0);
    expect(resolveBaseVersion('s', 0, 0)).toBe(0);
    expect(() => resolveBaseVersion('s', 'no-stream', 2)).toThrow(StreamVersionConflictException);
    expect(() => resolveBaseVersion('s', 0, 2)).toThrow(StreamVersionConflictException);
  });

  it('a number requires exactly that version, and the conflict says which versions', () => {
    expect(resolveBaseVersion('s', 4, 4)).toBe(4);
    let conflict: unknown;
    try {
      resolveBaseVersion('stream-9', 3, 5);
    } catch (error) {
      conflict = error;
    }
    expect(conflict).toBeInstanceOf(StreamVersionConflictException);
    expect(conflict).toMatchObject({ code: 'CONFLICT', streamId: 'stream-9', expectedVersion: 3, actualVersion: 5 });
    expect((conflict as Error).message).toBe('stream stream-9 is at version 5, expected version 3');
  });
});
