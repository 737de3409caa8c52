// Value types of the contract (section 1) and the calendar arithmetic the rules use.

export const CONTRACTS = ['diploma', 'credit', 'exam'] as const;
export type Contract = (typeof CONTRACTS)[number];

export const PROGRAMME_KINDS = [
  'bachelor',
  'master',
  'educational-bachelor',
  'educational-master',
  'bridging',
  'preparatory',
  'bachelor-after-bachelor',
  'master-after-master',
  'postgraduate',
  'graduaat',
  'teacher-training',
  'doctorate',
] as const;
export type ProgrammeKind = (typeof PROGRAMME_KINDS)[number];

export const TERMS = ['S1', 'S2', 'Y'] as const;
export type Term = (typeof TERMS)[number];

export const OUTCOMES = ['passed', 'failed', 'tolerated', 'absent'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const DEGREE_KINDS = ['bachelor', 'master', 'graduaat', 'master-after-master', 'other'] as const;
export type DegreeKind = (typeof DEGREE_KINDS)[number];

export interface Programme {
  readonly code: string;
  readonly kind: ProgrammeKind;
  readonly name?: string;
}

export interface ComponentInput {
  readonly componentId: string;
  readonly credits: number;
  readonly term: Term;
  readonly exempted?: boolean;
}

/** The balance every account opens with (R1). */
export const OPENING_BALANCE = 140;
/** Bonus cap (R12), rebuild ceiling (R19-R22) and the `sufficient` threshold. */
export const SIXTY = 60;
export const MASTER_DEDUCTION = 140;
export const REBUILD_STEP = 10;

export const ACADEMIC_YEAR_PATTERN = /^(\d{4})-(\d{4})$/;
export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
export const MONTH_DAY_PATTERN = /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export function isAcademicYear(value: string): boolean {
  const m = ACADEMIC_YEAR_PATTERN.exec(value);
  return !!m && Number(m[2]) === Number(m[1]) + 1;
}

export function isCalendarDate(value: string): boolean {
  if (!DATE_PATTERN.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

export const firstYearOf = (academicYear: string): number => Number(academicYear.slice(0, 4));

/** The academic year before / after `academicYear`. */
export const shiftYear = (academicYear: string, by: number): string => {
  const y = firstYearOf(academicYear) + by;
  return `${y}-${y + 1}`;
};

/**
 * A date belongs to an academic year when it falls from 1 June of its first calendar year
 * to 31 October of its second (contract section 1: read generously, second sessions end in
 * September and closings follow).
 */
export function isInsideAcademicYear(date: string, academicYear: string): boolean {
  const y = firstYearOf(academicYear);
  return date >= `${y}-06-01` && date <= `${y + 1}-10-31`;
}

/**
 * A policy `MM-DD` inside an academic year: September to December fall in its first
 * calendar year, January to August in its second (R14).
 */
export function resolveMonthDay(academicYear: string, monthDay: string): string {
  const y = firstYearOf(academicYear);
  const month = Number(monthDay.slice(0, 2));
  return `${month >= 9 ? y : y + 1}-${monthDay}`;
}

export const maxDate = (a: string, b: string): string => (a >= b ? a : b);

