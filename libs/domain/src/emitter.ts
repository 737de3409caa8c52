// Builds the events of one decision on a private copy of the state, evolving it as it
// goes, so each later step sees the balance the earlier ones left and every movement
// carries its exact balanceAfter.
import type { AccountEvent } from './events.js';
import { evolve } from './evolve.js';
import type { AccountState } from './state.js';

type MovementEvent = Extract<AccountEvent, { data: { balanceAfter: number; credits: number } }>;
type MovementType = MovementEvent['type'];
type MovementData<T extends MovementType> = Omit<Extract<MovementEvent, { type: T }>['data'], 'balanceAfter'>;

export class Emitter {
  readonly events: AccountEvent[] = [];

  constructor(readonly state: AccountState) {}

  emit(event: AccountEvent): void {
    evolve(this.state, event);
    this.events.push(event);
  }

  /** A balance movement: balanceAfter is the current balance plus `credits`. */
  move<T extends MovementType>(type: T, data: MovementData<T>): void {
    const balanceAfter = this.state.balance + data.credits;
    this.emit({ type, data: { ...data, balanceAfter } } as unknown as AccountEvent);
  }
}
