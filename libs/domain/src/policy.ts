// Policy is data, never a code change (rules.md, preamble): per institution and academic
// year (R14 withdrawal windows) and national (bonus, rebuild, re-orientation, fees).

export interface WithdrawalPolicy {
  /** `MM-DD`, or null: the full-refund window does not exist (R14). */
  readonly fullRefundUntil: string | null;
  /** `MM-DD`, or null: the second-term window does not exist (R14). */
  readonly secondTermRefundUntil: string | null;
}

export const DEFAULT_WITHDRAWAL_POLICY: WithdrawalPolicy = { fullRefundUntil: '11-30', secondTermRefundUntil: '03-15' };

export interface NationalPolicy {
  /** R12 knob `bonus.creditContractConsumes`: credit-contract earnings use up the bonus (never doubled). */
  readonly bonusCreditContractConsumes: boolean;
  /** R21 knob `rebuild.stopsOnReenrolment`. */
  readonly rebuildStopsOnReenrolment: boolean;
  /** R15 knob `reorientation.halfWindowEndsInclusive` (`MM-DD`). */
  readonly reorientationHalfWindowEndsInclusive: string;
  /** R27 knob `fees.maxRaisedFeePerCredit`, per academic year; absent years use the default. */
  readonly maxRaisedFeePerCredit: Readonly<Record<string, number>>;
  readonly defaultMaxRaisedFeePerCredit: number;
}

export const DEFAULT_NATIONAL_POLICY: NationalPolicy = {
  bonusCreditContractConsumes: false,
  rebuildStopsOnReenrolment: false,
  reorientationHalfWindowEndsInclusive: '03-15',
  maxRaisedFeePerCredit: {},
  defaultMaxRaisedFeePerCredit: 11,
};

/** Looks up the withdrawal policy an institution set for an academic year (default otherwise). */
export type PolicyLookup = (institutionId: string, academicYear: string) => WithdrawalPolicy;

export const defaultPolicies: PolicyLookup = () => DEFAULT_WITHDRAWAL_POLICY;

/** The national policy from its knobs as rules.md names them; absent knobs keep the default. */
export function nationalPolicyFrom(knobs: {
  readonly 'bonus.creditContractConsumes'?: boolean;
  readonly 'rebuild.stopsOnReenrolment'?: boolean;
  readonly 'reorientation.halfWindowEndsInclusive'?: string;
  readonly 'fees.maxRaisedFeePerCredit'?: Readonly<Record<string, number>>;
}): NationalPolicy {
  const d = DEFAULT_NATIONAL_POLICY;
  return {
    ...d,
    bonusCreditContractConsumes: knobs['bonus.creditContractConsumes'] ?? d.bonusCreditContractConsumes,
    rebuildStopsOnReenrolment: knobs['rebuild.stopsOnReenrolment'] ?? d.rebuildStopsOnReenrolment,
    reorientationHalfWindowEndsInclusive: knobs['reorientation.halfWindowEndsInclusive'] ?? d.reorientationHalfWindowEndsInclusive,
    maxRaisedFeePerCredit: knobs['fees.maxRaisedFeePerCredit'] ?? d.maxRaisedFeePerCredit,
  };
}

export const maxRaisedFeePerCredit = (policy: NationalPolicy, academicYear: string): number =>
  policy.maxRaisedFeePerCredit[academicYear] ?? policy.defaultMaxRaisedFeePerCredit;
