// class-validator shapes of the command payloads (contract sections 1 and 2). They check
// form only; rules that need the account (dates inside the enrolment's year, ownership)
// are the domain's.
import 'reflect-metadata'; // class-transformer's @Type reads design metadata
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
  type ValidationArguments,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
  Validate,
  IsDefined,
} from 'class-validator';
import {
  CONTRACTS,
  DEGREE_KINDS,
  OUTCOMES,
  PROGRAMME_KINDS,
  TERMS,
  isAcademicYear,
  isCalendarDate,
  isInsideAcademicYear,
} from '../../../domain/src/index.js';

export const STUDENT_ID = /^[A-Za-z0-9._:-]{1,64}$/;
export const INSTITUTION_ID = /^[A-Z0-9-]{2,32}$/;
const ID = /^[A-Za-z0-9._:\-/]{1,64}$/;
const MONTH_DAY = /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

@ValidatorConstraint({ name: 'academicYear' })
class AcademicYearConstraint implements ValidatorConstraintInterface {
  validate(v: unknown) {
    return typeof v === 'string' && isAcademicYear(v);
  }
  defaultMessage() {
    return 'must be an academic year of two consecutive years, e.g. "2025-2026"';
  }
}

@ValidatorConstraint({ name: 'calendarDate' })
class CalendarDateConstraint implements ValidatorConstraintInterface {
  validate(v: unknown) {
    return typeof v === 'string' && isCalendarDate(v);
  }
  defaultMessage() {
    return 'must be a calendar date YYYY-MM-DD';
  }
}

/** The date must fall inside the academic year named by the sibling property `academicYear`. */
@ValidatorConstraint({ name: 'insideAcademicYear' })
class InsideAcademicYearConstraint implements ValidatorConstraintInterface {
  validate(v: unknown, args: ValidationArguments) {
    const year = (args.object as { academicYear?: unknown }).academicYear;
    if (typeof v !== 'string' || !isCalendarDate(v)) return false;
    return typeof year !== 'string' || !isAcademicYear(year) || isInsideAcademicYear(v, year);
  }
  defaultMessage(args: ValidationArguments) {
    const year = (args.object as { academicYear?: unknown }).academicYear;
    return `must be a calendar date YYYY-MM-DD inside academic year ${String(year)} (1 June to 31 October of the next year)`;
  }
}

export class ProgrammeDto {
  @IsString() @IsNotEmpty() @MaxLength(64) code!: string;
  @IsIn(PROGRAMME_KINDS) kind!: (typeof PROGRAMME_KINDS)[number];
  @IsOptional() @IsString() @MaxLength(200) name?: string;
}

export class ComponentDto {
  @IsString() @Matches(ID) componentId!: string;
  @IsInt() @Min(1) @Max(60) credits!: number;
  @IsIn(TERMS) term!: (typeof TERMS)[number];
  @IsOptional() @IsBoolean() exempted?: boolean;
}

export class RegisterEnrolmentDto {
  @IsString() @Matches(ID) enrolmentId!: string;
  @Validate(AcademicYearConstraint) academicYear!: string;
  @IsDefined() @ValidateNested() @Type(() => ProgrammeDto) programme!: ProgrammeDto;
  @IsIn(CONTRACTS) contract!: (typeof CONTRACTS)[number];
  @Validate(InsideAcademicYearConstraint) enrolledOn!: string;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => ComponentDto) components!: ComponentDto[];
}

export class AddComponentsDto {
  @IsString() @Matches(ID) enrolmentId!: string;
  @Validate(CalendarDateConstraint) changedOn!: string;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => ComponentDto) components!: ComponentDto[];
}

export class WithdrawComponentsDto {
  @IsString() @Matches(ID) enrolmentId!: string;
  @Validate(CalendarDateConstraint) withdrawnOn!: string;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @IsString({ each: true }) @Matches(ID, { each: true }) componentIds!: string[];
}

export class WithdrawEnrolmentDto {
  @IsString() @Matches(ID) enrolmentId!: string;
  @Validate(CalendarDateConstraint) withdrawnOn!: string;
}

export class RecordResultDto {
  @IsString() @Matches(ID) enrolmentId!: string;
  @IsString() @Matches(ID) componentId!: string;
  @IsIn(OUTCOMES) outcome!: (typeof OUTCOMES)[number];
  @IsIn([1, 2]) session!: 1 | 2;
  @IsBoolean() final!: boolean;
  @Validate(CalendarDateConstraint) recordedOn!: string;
}

export class CloseAcademicYearDto {
  @Validate(AcademicYearConstraint) academicYear!: string;
  @Validate(InsideAcademicYearConstraint) closedOn!: string;
}

export class AwardDegreeDto {
  @IsIn(DEGREE_KINDS) kind!: (typeof DEGREE_KINDS)[number];
  @IsDefined() @ValidateNested() @Type(() => ProgrammeDto) programme!: ProgrammeDto;
  @Validate(CalendarDateConstraint) awardedOn!: string;
  @Validate(AcademicYearConstraint) academicYear!: string;
}

export class CorrectResultDto {
  @IsString() @Matches(ID) enrolmentId!: string;
  @IsString() @Matches(ID) componentId!: string;
  @IsIn(OUTCOMES) outcome!: (typeof OUTCOMES)[number];
  @Validate(CalendarDateConstraint) correctedOn!: string;
  @IsString() @IsNotEmpty() @MaxLength(500) reason!: string;
}

export class DecisionDto {
  @IsString() @IsNotEmpty() @MaxLength(100) reference!: string;
  @Validate(CalendarDateConstraint) decidedOn!: string;
}

export class RestoreCreditsDto {
  @IsString() @Matches(ID) enrolmentId!: string;
  @IsString() @Matches(ID) componentId!: string;
  @IsDefined() @ValidateNested() @Type(() => DecisionDto) decision!: DecisionDto;
}

export class OpenAcademicYearDto {
  @Validate(AcademicYearConstraint) academicYear!: string;
  @Validate(InsideAcademicYearConstraint) openedOn!: string;
}

export class WithdrawalPolicyDto {
  @IsOptional() @ValidateIf((_o, v) => v !== null) @IsString() @Matches(MONTH_DAY, { message: 'must be MM-DD or null' }) fullRefundUntil?: string | null;
  @IsOptional() @ValidateIf((_o, v) => v !== null) @IsString() @Matches(MONTH_DAY, { message: 'must be MM-DD or null' }) secondTermRefundUntil?: string | null;
}

export class SetInstitutionPolicyDto {
  @IsOptional() @IsString() @Matches(INSTITUTION_ID) institutionId?: string;
  @Validate(AcademicYearConstraint) academicYear!: string;
  @IsDefined() @ValidateNested() @Type(() => WithdrawalPolicyDto) withdrawal!: WithdrawalPolicyDto;
}

export const PAYLOAD_DTOS = {
  RegisterEnrolment: RegisterEnrolmentDto,
  AddComponents: AddComponentsDto,
  WithdrawComponents: WithdrawComponentsDto,
  WithdrawEnrolment: WithdrawEnrolmentDto,
  RecordResult: RecordResultDto,
  CloseAcademicYear: CloseAcademicYearDto,
  AwardDegree: AwardDegreeDto,
  CorrectResult: CorrectResultDto,
  RestoreCredits: RestoreCreditsDto,
  OpenAcademicYear: OpenAcademicYearDto,
  SetInstitutionPolicy: SetInstitutionPolicyDto,
} as const;

export type CommandType = keyof typeof PAYLOAD_DTOS;
export const COMMAND_TYPES = Object.keys(PAYLOAD_DTOS) as CommandType[];
/** Commands that carry no studentId (contract section 2). */
export const ACCOUNTLESS: readonly CommandType[] = ['OpenAcademicYear', 'SetInstitutionPolicy'];

export class CommandEnvelopeDto {
  @IsString() @Matches(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, { message: 'must be a UUID' }) commandId!: string;
  @IsIn(COMMAND_TYPES, { message: `must be one of ${COMMAND_TYPES.join(', ')}` }) type!: CommandType;
  @ValidateIf((o: CommandEnvelopeDto) => !ACCOUNTLESS.includes(o.type) || o.studentId !== undefined)
  @IsString()
  @Matches(STUDENT_ID, { message: 'must be an opaque pseudonym matching ^[A-Za-z0-9._:-]{1,64}$' })
  studentId?: string;
  @IsDefined() payload!: unknown;
}

