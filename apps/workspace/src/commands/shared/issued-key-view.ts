import type { ApiKeyView } from '../../queries/shared/workspace-views';

/** The only place a key ever appears in clear: the answer to the mutation that made it. */
export interface IssuedKeyView {
  apiKey: ApiKeyView;
  key: string;
}
