import { v7 as uuidv7, validate as isUuid } from 'uuid';
import type { EventMetadata, ExpectedVersion, NewEvent } from './event-store.types';
import { InvalidAppendException } from './invalid-append.exception';
import { StreamVersionConflictException } from './stream-version-conflict.exception';

export const STREAM_ID_MAX_LENGTH = 200;
const STREAM_TYPE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const EVENT_TYPE = /^[A-Z][A-Za-z0-9]*$/;
const NAME_MAX_LENGTH = 100;

/** An event ready for the INSERT: id and schema version resolved, data checked to be a JSON object. */
export interface PreparedEvent {
  id: string;
  type: string;
  schemaVersion: number;
  data: object;
}

export interface PreparedAppend {
  streamId: string;
  streamType: string;
  expectedVersion: ExpectedVersion;
  events: PreparedEvent[];
  metadata: EventMetadata;
  /** Ids the caller chose: only those can already be stored, the generated ones are fresh. */
  callerIds: string[];
}

function isPlainObject(value: unknown): value is object {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

function metadataProblems(metadata: EventMetadata): string[] {
  const problems: string[] = [];
  if (!nonEmpty(metadata.correlationId)) problems.push('metadata.correlationId must be a non-empty string');
  if (metadata.causationId !== undefined && !nonEmpty(metadata.causationId)) {
    problems.push('metadata.causationId must be a non-empty string when present');
  }
  if (!nonEmpty(metadata.actor?.kind) || !nonEmpty(metadata.actor?.id)) {
    problems.push('metadata.actor needs a non-empty kind and id');
  }
  if (metadata.organizationId !== undefined && !nonEmpty(metadata.organizationId)) {
    problems.push('metadata.organizationId must be a non-empty string when present');
  }
  return problems;
}

function expectedVersionProblem(expected: ExpectedVersion): string | undefined {
  if (expected === 'any' || expected === 'no-stream') return undefined;
  if (typeof expected === 'number' && Number.isSafeInteger(expected) && expected >= 0) return undefined;
  return `expected version must be 'any', 'no-stream' or an integer >= 0 (got ${String(expected)})`;
}

/** Checks everything that does not need the database, so a bad append fails before any round trip. */
export function prepareAppend(
  streamId: string,
  streamType: string,
  expectedVersion: ExpectedVersion,
  events: readonly NewEvent[],
  metadata: EventMetadata,
): PreparedAppend {
  const problems: string[] = [];
  if (!nonEmpty(streamId) || streamId.length > STREAM_ID_MAX_LENGTH) {
    problems.push(`stream id must be a non-empty string of at most ${STREAM_ID_MAX_LENGTH} characters`);
  }
  if (!STREAM_TYPE.test(streamType) || streamType.length > NAME_MAX_LENGTH) {
    problems.push(`stream type must be kebab-case such as 'api-key' (got '${streamType}')`);
  }
  const versionProblem = expectedVersionProblem(expectedVersion);
  if (versionProblem) problems.push(versionProblem);
  if (events.length === 0) problems.push('an append needs at least one event');
  problems.push(...metadataProblems(metadata));

  const callerIds: string[] = [];
  const prepared = events.map((event, index): PreparedEvent => {
    if (!EVENT_TYPE.test(event.type) || event.type.length > NAME_MAX_LENGTH) {
      problems.push(`events[${index}].type must be PascalCase such as 'ProjectCreated' (got '${event.type}')`);
    }
    const schemaVersion = event.schemaVersion ?? 1;
    if (!Number.isSafeInteger(schemaVersion) || schemaVersion < 1) {
      problems.push(`events[${index}].schemaVersion must be an integer >= 1`);
    }
    if (!isPlainObject(event.data)) problems.push(`events[${index}].data must be a plain JSON object`);
    if (event.id !== undefined) {
      if (isUuid(event.id)) callerIds.push(event.id.toLowerCase());
      else problems.push(`events[${index}].id must be a UUID (got '${event.id}')`);
    }
    return { id: event.id?.toLowerCase() ?? uuidv7(), type: event.type, schemaVersion, data: event.data };
  });
  if (new Set(callerIds).size !== callerIds.length) problems.push('event ids must be unique within an append');

  if (problems.length > 0) throw new InvalidAppendException(streamId, problems);
  return { streamId, streamType, expectedVersion, events: prepared, metadata, callerIds };
}

/**
 * The version the new events build on. This only rejects a writer whose expectation is already
 * stale; two writers that both pass it race on the unique (stream_id, stream_version) constraint,
 * which is what actually decides.
 */
export function resolveBaseVersion(streamId: string, expected: ExpectedVersion, currentVersion: number): number {
  if (expected === 'any') return currentVersion;
  const required = expected === 'no-stream' ? 0 : expected;
  if (currentVersion !== required) throw new StreamVersionConflictException(streamId, expected, currentVersion);
  return currentVersion;
}
