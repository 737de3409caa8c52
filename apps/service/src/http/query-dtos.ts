// class-validator shapes of the query strings (contract section 4).
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, Max, Min, ValidateBy } from 'class-validator';
import { PROGRAMME_KINDS, type ProgrammeKind, isAcademicYear, isCalendarDate } from '../../../../libs/domain/src/index.js';

export class AsOfQueryDto {
  @IsOptional()
  @ValidateBy({ name: 'calendarDate', validator: { validate: (v) => typeof v === 'string' && isCalendarDate(v), defaultMessage: () => 'must be a calendar date YYYY-MM-DD' } })
  asOf?: string;
}

export class CoverageQueryDto {
  @Transform(({ value }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(1)
  @Max(1000)
  credits!: number;

  @IsIn(PROGRAMME_KINDS)
  programmeKind!: ProgrammeKind;

  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  followOn: boolean = false;

  @IsOptional()
  @ValidateBy({ name: 'academicYear', validator: { validate: (v) => typeof v === 'string' && isAcademicYear(v), defaultMessage: () => 'must be two consecutive years, e.g. 2025-2026' } })
  academicYear?: string;
}
