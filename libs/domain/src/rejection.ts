// Why a command is refused. The domain names the kind; transports map it to a status
// (contract section 4): invalid 400, forbidden 403, not-found 404, rule 422.

export interface Rejection {
  readonly kind: 'invalid' | 'forbidden' | 'not-found' | 'rule';
  readonly detail: string;
  /** The rule the refusal applies, when there is one. */
  readonly rule?: string;
  /** For `invalid`: the offending field (payload path). */
  readonly field?: string;
}

export const invalid = (field: string, detail: string): Rejection => ({ kind: 'invalid', field, detail });
export const forbidden = (detail: string): Rejection => ({ kind: 'forbidden', detail });
export const notFound = (detail: string): Rejection => ({ kind: 'not-found', detail });
export const breaksRule = (rule: string, detail: string): Rejection => ({ kind: 'rule', rule, detail });
