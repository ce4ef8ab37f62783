import { DomainRuleException, requireName, type Decider } from '@pulse/domain';

export type StoreCommand =
  | { type: 'CreateStore'; data: { storeId: string; projectId: string; organizationId: string; name: string } }
  | { type: 'RenameStore'; data: { storeId: string; name: string } }
  | { type: 'RemoveStore'; data: { storeId: string } };

export type StoreEvent =
  | { type: 'StoreCreated'; data: { storeId: string; projectId: string; organizationId: string; name: string } }
  | { type: 'StoreRenamed'; data: { storeId: string; name: string } }
  | { type: 'StoreRemoved'; data: { storeId: string } };

export type StoreState =
  | { status: 'absent' }
  | { status: 'active' | 'removed'; storeId: string; projectId: string; organizationId: string; name: string };

function requireActive(state: StoreState) {
  if (state.status === 'absent') throw new DomainRuleException('NOT_FOUND', 'no such store');
  if (state.status === 'removed') throw new DomainRuleException('GONE', 'the store was removed');
  return state;
}

/** A store is one selling channel of a shop (a country site, a marketplace, a physical shop). */
export const storeDecider: Decider<StoreCommand, StoreEvent, StoreState> = {
  initialState: { status: 'absent' },

  decide(command, state) {
    switch (command.type) {
      case 'CreateStore': {
        if (state.status !== 'absent') throw new DomainRuleException('ALREADY_EXISTS', 'the store already exists');
        return [{ type: 'StoreCreated', data: { ...command.data, name: requireName(command.data.name) } }];
      }
      case 'RenameStore': {
        const store = requireActive(state);
        const name = requireName(command.data.name);
        return name === store.name ? [] : [{ type: 'StoreRenamed', data: { storeId: store.storeId, name } }];
      }
      case 'RemoveStore': {
        const store = requireActive(state);
        return [{ type: 'StoreRemoved', data: { storeId: store.storeId } }];
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'StoreCreated':
        return { status: 'active', ...event.data };
      case 'StoreRenamed':
        return state.status === 'absent' ? state : { ...state, name: event.data.name };
      case 'StoreRemoved':
        return state.status === 'absent' ? state : { ...state, status: 'removed' };
    }
  },
};
