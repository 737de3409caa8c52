// Institution policy per academic year (R14 knobs), read from the institution's policy
// stream: the last InstitutionPolicySet for that year wins; none = the default policy.
import { Inject, Injectable } from '@nestjs/common';
import { DEFAULT_WITHDRAWAL_POLICY, type WithdrawalPolicy } from '../../domain/src/index.js';
import { type EventStore, policyStream } from '../../event-store/src/event-store.port.js';
import { EVENT_STORE } from './tokens.js';

@Injectable()
export class PoliciesService {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async withdrawalPolicy(institutionId: string, academicYear: string): Promise<WithdrawalPolicy> {
    const events = await this.store.readStream(policyStream(institutionId));
    for (let i = events.length - 1; i >= 0; i--) {
      const d = events[i].data as { academicYear?: string; withdrawal?: WithdrawalPolicy };
      if (events[i].type === 'InstitutionPolicySet' && d.academicYear === academicYear && d.withdrawal) return d.withdrawal;
    }
    return DEFAULT_WITHDRAWAL_POLICY;
  }
}
