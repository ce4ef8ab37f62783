import { DomainRuleException, requireName, type Decider } from '@pulse/domain';

export type OrganizationCommand =
  | { type: 'CreateOrganization'; data: { organizationId: string; name: string; createdBy: string } }
  | { type: 'RenameOrganization'; data: { organizationId: string; name: string } };

export type OrganizationEvent =
  | { type: 'OrganizationCreated'; data: { organizationId: string; name: string; createdBy: string } }
  | { type: 'OrganizationRenamed'; data: { organizationId: string; name: string } };

export type OrganizationState = { status: 'absent' } | { status: 'active'; organizationId: string; name: string };

export const organizationDecider: Decider<OrganizationCommand, OrganizationEvent, OrganizationState> = {
  initialState: { status: 'absent' },

  decide(command, state) {
    switch (command.type) {
      case 'CreateOrganization': {
        if (state.status !== 'absent')
          throw new DomainRuleException('ALREADY_EXISTS', 'the organization already exists');
        return [{ type: 'OrganizationCreated', data: { ...command.data, name: requireName(command.data.name) } }];
      }
      case 'RenameOrganization': {
        if (state.status === 'absent') throw new DomainRuleException('NOT_FOUND', 'no such organization');
        const name = requireName(command.data.name);
        return name === state.name
          ? []
          : [{ type: 'OrganizationRenamed', data: { organizationId: state.organizationId, name } }];
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'OrganizationCreated':
        return { status: 'active', organizationId: event.data.organizationId, name: event.data.name };
      case 'OrganizationRenamed':
        return state.status === 'active' ? { ...state, name: event.data.name } : state;
    }
  },
};
