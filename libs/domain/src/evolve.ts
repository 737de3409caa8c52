// evolve(state, event) -> state. It updates the state it is given in place (folding a
// stream of thousands of events must not copy the account each time); decide() works on
// its own copy and never touches the caller's state.
import type { AccountEvent } from './events.js';
import { type AccountState, type ComponentState, cloneState, initialState } from './state.js';
import { SIXTY } from './values.js';

const newComponent = (c: { componentId: string; credits: number; term: ComponentState['term']; exempted?: boolean }): ComponentState => ({
  componentId: c.componentId,
  credits: c.credits,
  term: c.term,
  exempted: c.exempted ?? false,
  reserved: 0,
  returned: 0,
  refunded: 0,
  lost: 0,
  restored: 0,
  bonus: 0,
  results: [],
  final: false,
  missedExam: false,
  dropped: false,
  leftWithEnrolment: false,
  closedOpen: false,
});

function component(s: AccountState, enrolmentId: string | undefined, componentId: string | undefined): ComponentState | undefined {
  if (enrolmentId === undefined || componentId === undefined) return undefined;
  return s.enrolments[enrolmentId]?.components[componentId];
}

export function evolve(s: AccountState, event: AccountEvent): AccountState {
  s.revision += 1;
  switch (event.type) {
    case 'AccountOpened':
      s.opened = true;
      s.openedIn = event.data.academicYear;
      s.balance = event.data.balanceAfter;
      break;
    case 'EnrolmentRegistered': {
      const d = event.data;
      if (d.counts && s.opened) s.graduaatPending = false; // R22: the one check is made now
      s.enrolments[d.enrolmentId] = {
        enrolmentId: d.enrolmentId,
        institutionId: d.institutionId,
        academicYear: d.academicYear,
        programme: d.programme,
        contract: d.contract,
        enrolledOn: d.enrolledOn,
        counts: d.counts,
        status: 'active',
        withdrawnOn: null,
        components: Object.fromEntries(d.components.map((c) => [c.componentId, newComponent(c)])),
        reorientedTo: null,
      };
      s.enrolmentOrder.push(d.enrolmentId);
      if (!s.yearsEnrolled.includes(d.academicYear)) s.yearsEnrolled.push(d.academicYear);
      break;
    }
    case 'ComponentsAdded': {
      const e = s.enrolments[event.data.enrolmentId];
      for (const c of event.data.components) e.components[c.componentId] = newComponent(c);
      break;
    }
    case 'CreditsReserved': {
      s.balance = event.data.balanceAfter;
      const c = component(s, event.data.enrolmentId, event.data.componentId);
      if (c) c.reserved += -event.data.credits;
      break;
    }
    case 'ReservationTakenOver': {
      const c = component(s, event.data.enrolmentId, event.data.componentId);
      const old = component(s, event.data.fromEnrolmentId, event.data.componentId);
      if (c) c.reserved += event.data.amount;
      if (old) old.lost -= event.data.amount;
      break;
    }
    case 'CreditsReturned': {
      s.balance = event.data.balanceAfter;
      const c = component(s, event.data.enrolmentId, event.data.componentId);
      if (!c) break;
      const n = event.data.credits;
      if (event.data.reason === 'passed') {
        c.reserved -= n;
        c.returned += n;
      } else if (event.data.reason === 'withdrawal') {
        c.reserved -= n;
        c.refunded += n;
      } else if (event.data.reason === 'reorientation') {
        c.lost -= n;
        c.refunded += n;
      }
      break;
    }
    case 'BonusApplied': {
      s.balance = event.data.balanceAfter;
      if (event.data.rule === 'R12') {
        s.bonusGiven += event.data.credits;
        const c = component(s, event.data.enrolmentId, event.data.componentId);
        if (c) c.bonus += event.data.credits;
        if (s.bonusGiven >= SIXTY) s.bonusRight = 'used';
      }
      break;
    }
    case 'BonusConsumed':
      s.bonusGiven += event.data.amount;
      if (s.bonusGiven >= SIXTY) s.bonusRight = 'used';
      break;
    case 'CreditsForfeited': {
      s.balance = event.data.balanceAfter;
      const c = component(s, event.data.enrolmentId, event.data.componentId);
      if (c && event.data.reason !== 'correction') {
        c.reserved -= event.data.lost;
        c.lost += event.data.lost;
      }
      break;
    }
    case 'ResultRecorded': {
      const c = component(s, event.data.enrolmentId, event.data.componentId);
      if (!c) break;
      const { outcome, session, final } = event.data;
      c.results.push({ outcome, session, final });
      if (outcome === 'absent') c.missedExam = true;
      if (final || outcome === 'passed' || outcome === 'tolerated') c.final = true;
      break;
    }
    case 'ComponentsWithdrawn': {
      const e = s.enrolments[event.data.enrolmentId];
      for (const id of event.data.componentIds) e.components[id].dropped = true;
      break;
    }
    case 'EnrolmentWithdrawn': {
      const e = s.enrolments[event.data.enrolmentId];
      e.status = 'withdrawn';
      e.withdrawnOn = event.data.withdrawnOn;
      for (const c of Object.values(e.components)) if (!c.dropped && !c.final) c.leftWithEnrolment = true;
      break;
    }
    case 'ReorientationRecognised':
      s.enrolments[event.data.oldEnrolmentId].reorientedTo = event.data.newEnrolmentId;
      break;
    case 'AcademicYearOpened':
      if (!s.yearsOpened.includes(event.data.academicYear)) s.yearsOpened.push(event.data.academicYear);
      break;
    case 'AcademicYearClosed':
      for (const e of Object.values(s.enrolments)) {
        if (e.institutionId !== event.data.institutionId || e.academicYear !== event.data.academicYear || e.status !== 'active') continue;
        e.status = 'closed';
        for (const c of Object.values(e.components)) if (!c.final && !c.dropped) c.closedOpen = true;
      }
      break;
    case 'DegreeAwarded':
      if (event.data.kind === 'bachelor') s.holdsBachelor = true;
      if (event.data.kind === 'master' || event.data.kind === 'master-after-master') s.holdsMaster = true;
      if (event.data.kind === 'graduaat' && s.opened) s.graduaatPending = true;
      break;
    case 'MasterDeduction':
      s.balance = event.data.balanceAfter;
      s.firstMasterDeducted = true;
      break;
    case 'RebuildScheduled':
      s.rebuild = { case: event.data.case, startedIn: event.data.startsIn, active: true, booked: [] };
      break;
    case 'CreditsReplenished': {
      s.balance = event.data.balanceAfter;
      const d = event.data;
      if (!s.rebuild) s.rebuild = { case: d.case, startedIn: d.academicYear, active: d.case !== 'graduaat-top-up', booked: [] };
      if (s.rebuild.booked.length === 0) s.rebuild.startedIn = d.academicYear;
      s.rebuild.booked.push(d.academicYear);
      if (d.case === 'graduaat-top-up' || s.balance >= SIXTY) s.rebuild.active = false;
      if (d.case === 'graduaat-top-up') s.graduaatPending = false;
      break;
    }
    case 'RebuildEnded':
      if (s.rebuild) s.rebuild.active = false;
      break;
    case 'BonusRightLapsed':
      s.bonusRight = 'lapsed';
      break;
    case 'CreditsRestored': {
      s.balance = event.data.balanceAfter;
      const c = component(s, event.data.enrolmentId, event.data.componentId);
      if (c) {
        c.lost -= event.data.credits;
        c.restored += event.data.credits;
      }
      break;
    }
    case 'CorrectionApplied': {
      const { balance, revision } = s;
      Object.assign(s, cloneState({ ...event.data.stateAfter, balance, revision } as AccountState));
      break;
    }
  }
  return s;
}

export const fold = (events: Iterable<AccountEvent>, from: AccountState = initialState()): AccountState => {
  let s = from;
  for (const e of events) s = evolve(s, e);
  return s;
};
