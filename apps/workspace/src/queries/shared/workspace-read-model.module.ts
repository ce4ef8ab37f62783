import { Module } from '@nestjs/common';
import { WorkspaceReadModel } from './workspace-read-model.repository';

/** The read model's queries, shared by the resolvers, the command handlers and the credential check. */
@Module({ providers: [WorkspaceReadModel], exports: [WorkspaceReadModel] })
export class WorkspaceReadModelModule {}
