import type { ApiKeyEvent } from '../domain/api-key/api-key.decider';
import type { OrganizationEvent } from '../domain/organization/organization.decider';
import type { ProjectEvent } from '../domain/project/project.decider';
import type { StoreEvent } from '../domain/store/store.decider';

/** Every event of the workspace context, as it travels on its Kafka topic. */
export type WorkspaceEvent = OrganizationEvent | ProjectEvent | StoreEvent | ApiKeyEvent;

export type WorkspaceStreamType = 'organization' | 'project' | 'store' | 'api-key';

export const WORKSPACE_EVENTS_TOPIC = 'pulse.workspace.events';

/** What the projection needs of each published event: the domain event and where it stands. */
export type PublishedWorkspaceEvent = WorkspaceEvent & {
  id: string;
  streamId: string;
  streamVersion: number;
  recordedAt: string;
};
