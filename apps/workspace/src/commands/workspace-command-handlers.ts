import { ArchiveProjectHandler } from './archive-project/archive-project.handler';
import { ChangeProjectSettingsHandler } from './change-project-settings/change-project-settings.handler';
import { ChangeWriteKeyOriginsHandler } from './change-write-key-origins/change-write-key-origins.handler';
import { CreateOrganizationHandler } from './create-organization/create-organization.handler';
import { CreateProjectHandler } from './create-project/create-project.handler';
import { CreateStoreHandler } from './create-store/create-store.handler';
import { IssueSecretKeyHandler } from './issue-secret-key/issue-secret-key.handler';
import { IssueWriteKeyHandler } from './issue-write-key/issue-write-key.handler';
import { RemoveStoreHandler } from './remove-store/remove-store.handler';
import { RenameOrganizationHandler } from './rename-organization/rename-organization.handler';
import { RenameProjectHandler } from './rename-project/rename-project.handler';
import { RenameStoreHandler } from './rename-store/rename-store.handler';
import { RevokeApiKeyHandler } from './revoke-api-key/revoke-api-key.handler';
import { RotateWriteKeyHandler } from './rotate-write-key/rotate-write-key.handler';

export const workspaceCommandHandlers = [
  CreateOrganizationHandler,
  RenameOrganizationHandler,
  CreateProjectHandler,
  RenameProjectHandler,
  ChangeProjectSettingsHandler,
  ArchiveProjectHandler,
  CreateStoreHandler,
  RenameStoreHandler,
  RemoveStoreHandler,
  IssueWriteKeyHandler,
  RotateWriteKeyHandler,
  ChangeWriteKeyOriginsHandler,
  IssueSecretKeyHandler,
  RevokeApiKeyHandler,
];
