// The learning-account domain: rules R1-R30 as pure functions. No framework, store or I/O.
export * from './commands.js';
export * from './context.js';
export * from './correction.js';
export * from './decide.js';
export * from './events.js';
export * from './evolve.js';
export * from './policy.js';
export * from './rejection.js';
export * from './state.js';
export * from './values.js';
export * from './view.js';
export { enrolmentCounts } from './enrolment.js';
export { reorientationPercentage } from './reorientation.js';
export { refundedInFull } from './withdrawal.js';
export { qualifiesAfterStop } from './rebuild.js';
