import { CommandBus } from '@nestjs/cqrs';
import { DomainRuleException } from '@pulse/domain';
import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import { ArchiveProjectCommand } from '../commands/archive-project/archive-project.command';
import { ChangeProjectSettingsCommand } from '../commands/change-project-settings/change-project-settings.command';
import { ChangeWriteKeyOriginsCommand } from '../commands/change-write-key-origins/change-write-key-origins.command';
import { CreateProjectCommand } from '../commands/create-project/create-project.command';
import { CreateStoreCommand } from '../commands/create-store/create-store.command';
import { IssueSecretKeyCommand } from '../commands/issue-secret-key/issue-secret-key.command';
import { IssueWriteKeyCommand } from '../commands/issue-write-key/issue-write-key.command';
import { RemoveStoreCommand } from '../commands/remove-store/remove-store.command';
import { RenameOrganizationCommand } from '../commands/rename-organization/rename-organization.command';
import { RenameProjectCommand } from '../commands/rename-project/rename-project.command';
import { RenameStoreCommand } from '../commands/rename-store/rename-store.command';
import { RevokeApiKeyCommand } from '../commands/revoke-api-key/revoke-api-key.command';
import { RotateWriteKeyCommand } from '../commands/rotate-write-key/rotate-write-key.command';
import { canSeeProject } from '../commands/shared/caller';
import { WorkspaceReadModel } from '../queries/shared/workspace-read-model.repository';
import type { ApiKeyView, OrganizationView, ProjectView, StoreView } from '../queries/shared/workspace-views';
import type { WorkspaceGraphqlContext } from './graphql-context';

type Input<C extends abstract new (...args: never[]) => { input: unknown }> = InstanceType<C>['input'];

@Resolver('Mutation')
export class WorkspaceMutationsResolver {
  constructor(private readonly commands: CommandBus) {}

  @Mutation()
  renameOrganization(
    @Args('input') input: Input<typeof RenameOrganizationCommand>,
    @Context() context: WorkspaceGraphqlContext,
  ) {
    return this.commands.execute(new RenameOrganizationCommand(context.caller, input));
  }

  @Mutation()
  createProject(@Args('input') input: Input<typeof CreateProjectCommand>, @Context() context: WorkspaceGraphqlContext) {
    return this.commands.execute(new CreateProjectCommand(context.caller, input));
  }

  @Mutation()
  renameProject(@Args('input') input: Input<typeof RenameProjectCommand>, @Context() context: WorkspaceGraphqlContext) {
    return this.commands.execute(new RenameProjectCommand(context.caller, input));
  }

  @Mutation()
  changeProjectSettings(
    @Args('input') input: Input<typeof ChangeProjectSettingsCommand>,
    @Context() context: WorkspaceGraphqlContext,
  ) {
    return this.commands.execute(new ChangeProjectSettingsCommand(context.caller, withoutNulls(input)));
  }

  @Mutation()
  archiveProject(
    @Args('input') input: Input<typeof ArchiveProjectCommand>,
    @Context() context: WorkspaceGraphqlContext,
  ) {
    return this.commands.execute(new ArchiveProjectCommand(context.caller, input));
  }

  @Mutation()
  createStore(@Args('input') input: Input<typeof CreateStoreCommand>, @Context() context: WorkspaceGraphqlContext) {
    return this.commands.execute(new CreateStoreCommand(context.caller, input));
  }

  @Mutation()
  renameStore(@Args('input') input: Input<typeof RenameStoreCommand>, @Context() context: WorkspaceGraphqlContext) {
    return this.commands.execute(new RenameStoreCommand(context.caller, input));
  }

  @Mutation()
  removeStore(@Args('input') input: Input<typeof RemoveStoreCommand>, @Context() context: WorkspaceGraphqlContext) {
    return this.commands.execute(new RemoveStoreCommand(context.caller, input));
  }

  @Mutation()
  issueWriteKey(@Args('input') input: Input<typeof IssueWriteKeyCommand>, @Context() context: WorkspaceGraphqlContext) {
    return this.commands.execute(new IssueWriteKeyCommand(context.caller, input));
  }

  @Mutation()
  rotateWriteKey(
    @Args('input') input: Input<typeof RotateWriteKeyCommand>,
    @Context() context: WorkspaceGraphqlContext,
  ) {
    return this.commands.execute(new RotateWriteKeyCommand(context.caller, input));
  }

  @Mutation()
  changeWriteKeyOrigins(
    @Args('input') input: Input<typeof ChangeWriteKeyOriginsCommand>,
    @Context() context: WorkspaceGraphqlContext,
  ) {
    return this.commands.execute(new ChangeWriteKeyOriginsCommand(context.caller, input));
  }

  @Mutation()
  issueSecretKey(
    @Args('input') input: { name: string; projectScope?: string[] | null },
    @Context() context: WorkspaceGraphqlContext,
  ) {
    return this.commands.execute(
      new IssueSecretKeyCommand(context.caller, { name: input.name, projectScope: input.projectScope ?? null }),
    );
  }

  @Mutation()
  revokeApiKey(@Args('input') input: Input<typeof RevokeApiKeyCommand>, @Context() context: WorkspaceGraphqlContext) {
    return this.commands.execute(new RevokeApiKeyCommand(context.caller, input));
  }
}

/** GraphQL sends null for an omitted optional field; the commands mean "unchanged" by undefined. */
function withoutNulls<T extends object>(input: T): T {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== null)) as T;
}

@Resolver('Query')
export class WorkspaceQueriesResolver {
  constructor(private readonly readModel: WorkspaceReadModel) {}

  @Query()
  async organization(@Context() context: WorkspaceGraphqlContext): Promise<OrganizationView> {
    const organization = await this.readModel.organization(context.caller.organizationId);
    // A token can name an organization that was never created: say so instead of a null non-null field.
    if (!organization) throw new DomainRuleException('NOT_FOUND', "the credential's organization does not exist");
    return organization;
  }

  @Query()
  async project(@Args('id') id: string, @Context() context: WorkspaceGraphqlContext): Promise<ProjectView | null> {
    const caller = context.caller;
    return canSeeProject(caller, id) ? this.readModel.project(caller.organizationId, id) : null;
  }

  @Query()
  async store(@Args('id') id: string, @Context() context: WorkspaceGraphqlContext): Promise<StoreView | null> {
    const caller = context.caller;
    const store = await this.readModel.store(caller.organizationId, id);
    return store && canSeeProject(caller, store.projectId) ? store : null;
  }
}

@Resolver('Organization')
export class OrganizationResolver {
  constructor(private readonly readModel: WorkspaceReadModel) {}

  @ResolveField()
  projects(
    @Parent() organization: OrganizationView,
    @Args('includeArchived') includeArchived: boolean,
    @Context() context: WorkspaceGraphqlContext,
  ): Promise<ProjectView[]> {
    const caller = context.caller;
    return this.readModel.projects(organization.id, { includeArchived, scope: caller.projectScope });
  }

  @ResolveField()
  async apiKeys(
    @Parent() organization: OrganizationView,
    @Args('includeRevoked') includeRevoked: boolean,
    @Context() context: WorkspaceGraphqlContext,
  ): Promise<ApiKeyView[]> {
    const caller = context.caller;
    const keys = await this.readModel.apiKeys(organization.id, { includeRevoked });
    return keys.filter((key) => (key.projectId ? canSeeProject(caller, key.projectId) : caller.projectScope === null));
  }

  @ResolveReference()
  resolveReference(reference: { id: string }, @Context() context: WorkspaceGraphqlContext) {
    const caller = context.caller;
    return reference.id === caller.organizationId ? this.readModel.organization(reference.id) : null;
  }
}

@Resolver('Project')
export class ProjectResolver {
  constructor(private readonly readModel: WorkspaceReadModel) {}

  @ResolveField()
  stores(@Parent() project: ProjectView, @Args('includeRemoved') includeRemoved: boolean): Promise<StoreView[]> {
    return this.readModel.stores(project.organizationId, project.id, includeRemoved);
  }

  @ResolveField()
  writeKeys(@Parent() project: ProjectView, @Args('includeRevoked') includeRevoked: boolean): Promise<ApiKeyView[]> {
    return this.readModel.apiKeys(project.organizationId, { projectId: project.id, includeRevoked });
  }

  @ResolveReference()
  async resolveReference(reference: { id: string }, @Context() context: WorkspaceGraphqlContext) {
    const caller = context.caller;
    return canSeeProject(caller, reference.id) ? this.readModel.project(caller.organizationId, reference.id) : null;
  }
}

@Resolver('Store')
export class StoreResolver {
  constructor(private readonly readModel: WorkspaceReadModel) {}

  @ResolveField()
  project(@Parent() store: StoreView): Promise<ProjectView | null> {
    return this.readModel.project(store.organizationId, store.projectId);
  }

  @ResolveReference()
  async resolveReference(reference: { id: string }, @Context() context: WorkspaceGraphqlContext) {
    const caller = context.caller;
    const store = await this.readModel.store(caller.organizationId, reference.id);
    return store && canSeeProject(caller, store.projectId) ? store : null;
  }
}

export const workspaceResolvers = [
  WorkspaceMutationsResolver,
  WorkspaceQueriesResolver,
  OrganizationResolver,
  ProjectResolver,
  StoreResolver,
];
