// What a decision needs besides the command and the account: policy data and, for a
// correction (R25), the account's own history to replay.
import type { AccountEvent } from './events.js';
import { DEFAULT_NATIONAL_POLICY, type NationalPolicy, type PolicyLookup, defaultPolicies } from './policy.js';

export interface DecideContext {
  readonly policies: PolicyLookup;
  readonly national: NationalPolicy;
  /** The stream's events so far (R25 replays them). */
  readonly history: readonly AccountEvent[];
}

export const defaultContext = (history: readonly AccountEvent[] = []): DecideContext => ({
  policies: defaultPolicies,
  national: DEFAULT_NATIONAL_POLICY,
  history,
});
