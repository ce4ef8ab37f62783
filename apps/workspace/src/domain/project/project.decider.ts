import {
  DomainRuleException,
  requireCurrency,
  requireDomains,
  requireName,
  requireTimeZone,
  type Decider,
} from '@pulse/domain';

export interface ProjectSettings {
  domains: string[];
  currency: string;
  timeZone: string;
}

export type ProjectCommand =
  | { type: 'CreateProject'; data: { projectId: string; organizationId: string; name: string } & ProjectSettings }
  | { type: 'RenameProject'; data: { projectId: string; name: string } }
  | { type: 'ChangeProjectSettings'; data: { projectId: string } & Partial<ProjectSettings> }
  | { type: 'ArchiveProject'; data: { projectId: string } };

export type ProjectEvent =
  | { type: 'ProjectCreated'; data: { projectId: string; organizationId: string; name: string } & ProjectSettings }
  | { type: 'ProjectRenamed'; data: { projectId: string; name: string } }
  | { type: 'ProjectSettingsChanged'; data: { projectId: string } & ProjectSettings }
  | { type: 'ProjectArchived'; data: { projectId: string } };

export type ProjectState =
  | { status: 'absent' }
  | ({ status: 'active' | 'archived'; projectId: string; organizationId: string; name: string } & ProjectSettings);

type ExistingProject = Exclude<ProjectState, { status: 'absent' }>;

function requireActive(state: ProjectState): ExistingProject {
  if (state.status === 'absent') throw new DomainRuleException('NOT_FOUND', 'no such project');
  if (state.status === 'archived') throw new DomainRuleException('GONE', 'the project is archived');
  return state;
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((item, i) => item === b[i]);

/** A project is a shop: its name, the domains it runs on, its currency and its time zone. */
export const projectDecider: Decider<ProjectCommand, ProjectEvent, ProjectState> = {
  initialState: { status: 'absent' },

  decide(command, state) {
    switch (command.type) {
      case 'CreateProject': {
        if (state.status !== 'absent') throw new DomainRuleException('ALREADY_EXISTS', 'the project already exists');
        const { projectId, organizationId } = command.data;
        return [
          {
            type: 'ProjectCreated',
            data: {
              projectId,
              organizationId,
              name: requireName(command.data.name),
              domains: requireDomains(command.data.domains),
              currency: requireCurrency(command.data.currency),
              timeZone: requireTimeZone(command.data.timeZone),
            },
          },
        ];
      }
      case 'RenameProject': {
        const project = requireActive(state);
        const name = requireName(command.data.name);
        return name === project.name ? [] : [{ type: 'ProjectRenamed', data: { projectId: project.projectId, name } }];
      }
      case 'ChangeProjectSettings': {
        const project = requireActive(state);
        const next: ProjectSettings = {
          domains: command.data.domains === undefined ? project.domains : requireDomains(command.data.domains),
          currency: command.data.currency === undefined ? project.currency : requireCurrency(command.data.currency),
          timeZone: command.data.timeZone === undefined ? project.timeZone : requireTimeZone(command.data.timeZone),
        };
        const unchanged =
          sameList(next.domains, project.domains) &&
          next.currency === project.currency &&
          next.timeZone === project.timeZone;
        return unchanged ? [] : [{ type: 'ProjectSettingsChanged', data: { projectId: project.projectId, ...next } }];
      }
      case 'ArchiveProject': {
        const project = requireActive(state);
        return [{ type: 'ProjectArchived', data: { projectId: project.projectId } }];
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'ProjectCreated':
        return { status: 'active', ...event.data };
      case 'ProjectRenamed':
        return state.status === 'absent' ? state : { ...state, name: event.data.name };
      case 'ProjectSettingsChanged': {
        if (state.status === 'absent') return state;
        const { domains, currency, timeZone } = event.data;
        return { ...state, domains, currency, timeZone };
      }
      case 'ProjectArchived':
        return state.status === 'absent' ? state : { ...state, status: 'archived' };
    }
  },
};
