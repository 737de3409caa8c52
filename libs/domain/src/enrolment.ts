// Enrolments: opening (R1), one account (R2), what counts (R3, R4), reservations (R7),
// exemptions (R8), the same component twice (R11), and the graduaat top-up (R22).
import type { DecideContext } from './context.js';
import type { Emitter } from './emitter.js';
import { grantRebuild } from './rebuild.js';
import { recogniseReorientations } from './reorientation.js';
import { type Rejection, breaksRule, forbidden, invalid, notFound } from './rejection.js';
import type { AccountState, ComponentState, EnrolmentState } from './state.js';
import { type ComponentInput, type Contract, OPENING_BALANCE, type ProgrammeKind, SIXTY, isInsideAcademicYear } from './values.js';
import type { AccountCommand } from './commands.js';

type Register = Extract<AccountCommand, { type: 'RegisterEnrolment' }>;
type Add = Extract<AccountCommand, { type: 'AddComponents' }>;

/** R3, R4: does an enrolment under this contract and programme move credits? */
export function enrolmentCounts(contract: Contract, kind: ProgrammeKind, s: AccountState): boolean {
  if (contract === 'exam') return false;
  if (contract === 'credit') return true;
  switch (kind) {
    case 'bachelor':
    case 'master':
      return true;
    case 'educational-bachelor':
      return !s.holdsBachelor;
    case 'educational-master':
      return !s.holdsMaster;
    default:
      return false;
  }
}

function duplicateComponent(components: readonly ComponentInput[]): string | undefined {
  const seen = new Set<string>();
  for (const c of components) {
    if (seen.has(c.componentId)) return c.componentId;
    seen.add(c.componentId);
  }
  return undefined;
}

export function validateRegister(s: AccountState, c: Register): Rejection | undefined {
  if (!isInsideAcademicYear(c.enrolledOn, c.academicYear)) return invalid('payload.enrolledOn', `must fall inside academic year ${c.academicYear}`);
  const dup = duplicateComponent(c.components);
  if (dup) return invalid('payload.components', `component ${dup} appears twice`);
  if (s.enrolments[c.enrolmentId]) return breaksRule('R2', `enrolment ${c.enrolmentId} is already registered`);
  return undefined;
}

/** The enrolment a command acts on, if it exists and belongs to the acting institution. */
export function ownEnrolment(s: AccountState, enrolmentId: string, institutionId: string | undefined): EnrolmentState | Rejection {
  const e = s.enrolments[enrolmentId];
  if (!e) return notFound(`enrolment ${enrolmentId} is unknown`);
  if (institutionId !== undefined && e.institutionId !== institutionId) return forbidden(`enrolment ${enrolmentId} belongs to another institution`);
  return e;
}

export const isRejection = (x: unknown): x is Rejection => typeof x === 'object' && x !== null && 'kind' in x && 'detail' in x;

export function validateAdd(s: AccountState, c: Add): Rejection | undefined {
  const e = ownEnrolment(s, c.enrolmentId, c.institutionId);
  if (isRejection(e)) return e;
  if (e.status !== 'active') return breaksRule('R7', `enrolment ${c.enrolmentId} is ${e.status}`);
  if (!isInsideAcademicYear(c.changedOn, e.academicYear)) return invalid('payload.changedOn', `must fall inside academic year ${e.academicYear}`);
  const dup = duplicateComponent(c.components);
  if (dup) return invalid('payload.components', `component ${dup} appears twice`);
  const present = c.components.find((x) => e.components[x.componentId]);
  if (present) return breaksRule('R7', `component ${present.componentId} is already in enrolment ${c.enrolmentId}`);
  return undefined;
}

export function applyRegister(b: Emitter, c: Register, ctx: DecideContext): void {
  const counts = enrolmentCounts(c.contract, c.programme.kind, b.state);
  if (!b.state.opened && counts) {
    b.emit({
      type: 'AccountOpened',
      data: { academicYear: c.academicYear, openingBalance: OPENING_BALANCE, balanceAfter: OPENING_BALANCE, rule: 'R1', occurredOn: c.enrolledOn },
    });
  }
  const graduaatCheck = counts && b.state.graduaatPending;
  b.emit({
    type: 'EnrolmentRegistered',
    data: {
      enrolmentId: c.enrolmentId,
      institutionId: c.institutionId,
      academicYear: c.academicYear,
      programme: c.programme,
      contract: c.contract,
      enrolledOn: c.enrolledOn,
      components: c.components.map((x) => ({ componentId: x.componentId, credits: x.credits, term: x.term, exempted: x.exempted ?? false })),
      counts,
      rule: c.contract === 'exam' ? 'R3' : 'R4',
      occurredOn: c.enrolledOn,
    },
  });
  recogniseReorientations(b, c.enrolmentId, ctx);
  // R22: one check at the first counting enrolment after a graduaat diploma, before reservations.
  if (graduaatCheck && b.state.rebuild === null && b.state.balance < SIXTY) {
    grantRebuild(b, 'graduaat-top-up', 'R22', c.academicYear, SIXTY - b.state.balance, c.enrolledOn);
  }
  if (counts) reserve(b, b.state.enrolments[c.enrolmentId], c.components, c.enrolledOn);
}

export function applyAdd(b: Emitter, c: Add): void {
  b.emit({ type: 'ComponentsAdded', data: { enrolmentId: c.enrolmentId, changedOn: c.changedOn, components: c.components, occurredOn: c.changedOn } });
  const e = b.state.enrolments[c.enrolmentId];
  if (e.counts) reserve(b, e, c.components, c.changedOn);
}

/** R7 with R8 (exempted: nothing) and R11 (a reservation lost by an ended twin is taken over). */
function reserve(b: Emitter, e: EnrolmentState, components: readonly ComponentInput[], on: string): void {
  for (const x of components) {
    if (x.exempted) continue;
    let toReserve = x.credits;
    const twin = lostTwin(b.state, e, x.componentId);
    if (twin) {
      const amount = Math.min(twin.component.lost, x.credits);
      b.move('ReservationTakenOver', {
        enrolmentId: e.enrolmentId,
        componentId: x.componentId,
        fromEnrolmentId: twin.enrolment.enrolmentId,
        amount,
        credits: 0,
        rule: 'R11',
        occurredOn: on,
      });
      toReserve -= amount;
    }
    if (toReserve > 0) b.move('CreditsReserved', { enrolmentId: e.enrolmentId, componentId: x.componentId, credits: -toReserve, rule: 'R7', occurredOn: on });
  }
}

/**
 * R11: the same component in an ended enrolment of the same programme, institution and
 * year, whose ending lost it (latest such enrolment first).
 */
function lostTwin(s: AccountState, e: EnrolmentState, componentId: string): { enrolment: EnrolmentState; component: ComponentState } | undefined {
  for (const id of [...s.enrolmentOrder].reverse()) {
    const other = s.enrolments[id];
    if (other === e || other.status !== 'withdrawn') continue;
    if (other.programme.code !== e.programme.code || other.institutionId !== e.institutionId || other.academicYear !== e.academicYear) continue;
    const comp = other.components[componentId];
    if (comp && comp.leftWithEnrolment && comp.lost > 0) return { enrolment: other, component: comp };
  }
  return undefined;
}
