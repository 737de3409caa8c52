import { randomUUID } from 'node:crypto';

/** A valid RegisterEnrolment (contract section 2): yields AccountOpened, EnrolmentRegistered, CreditsReserved. */
export const registerEnrolment = (studentId: string, enrolmentId = 'e1', commandId: string = randomUUID()) => ({
  commandId,
  type: 'RegisterEnrolment',
  studentId,
  payload: {
    enrolmentId,
    academicYear: '2025-2026',
    programme: { code: 'BA-X', kind: 'bachelor' },
    contract: 'diploma',
    enrolledOn: '2025-09-23',
    components: [{ componentId: 'a', credits: 30, term: 'S1' }],
  },
});
