// Validates a raw command object (HTTP body or Kafka message) with class-validator and
// returns it typed, or throws a 400 with one entry per bad field.
import { plainToInstance } from 'class-transformer';
import { type ValidationError, validateSync } from 'class-validator';
import { invalidFields } from '../problems.js';
import { looksLikeNationalNumber } from './national-number.js';
import { ACCOUNTLESS, CommandEnvelopeDto, type CommandType, PAYLOAD_DTOS } from './command-dtos.js';

export interface ValidCommand {
  readonly commandId: string;
  readonly type: CommandType;
  readonly studentId?: string;
  readonly payload: Record<string, unknown>;
}

export function flattenErrors(errors: ValidationError[], prefix: string): { field: string; message: string }[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message: message.replace(/^\S+ /, (w) => (w === `${e.property} ` ? '' : w)) }));
    return [...own, ...flattenErrors(e.children ?? [], field)];
  });
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function validateCommand(raw: unknown): ValidCommand {
  if (!isObject(raw)) throw invalidFields([{ field: '', message: 'a command is one JSON object' }]);
  const envelope = plainToInstance(CommandEnvelopeDto, raw);
  const errors = flattenErrors(validateSync(envelope), '');
  const type = envelope.type;
  const known = Object.prototype.hasOwnProperty.call(PAYLOAD_DTOS, type);
  if (known && ACCOUNTLESS.includes(type) && raw.studentId !== undefined && raw.studentId !== null) {
    errors.push({ field: 'studentId', message: `${type} carries no studentId: it is not about one account` });
  }
  if (typeof raw.studentId === 'string' && looksLikeNationalNumber(raw.studentId)) {
    errors.push({ field: 'studentId', message: 'looks like a national register number: send the opaque pseudonym instead (R30)' });
  }
  let payload: Record<string, unknown> = {};
  if (known && isObject(raw.payload)) {
    const dto = plainToInstance(PAYLOAD_DTOS[type] as new () => object, raw.payload);
    errors.push(...flattenErrors(validateSync(dto, { whitelist: true }), 'payload'));
    payload = dto as Record<string, unknown>; // a validated, whitelisted instance: serializes as plain JSON
  } else if (known && raw.payload !== undefined) {
    errors.push({ field: 'payload', message: 'must be an object' });
  }
  if (errors.length > 0) throw invalidFields(errors);
  return { commandId: envelope.commandId.toLowerCase(), type, studentId: ACCOUNTLESS.includes(type) ? undefined : envelope.studentId, payload };
}
