// class-validator on query strings and path parameters, refused as problem+json with one
// entry per bad field.
import { ValidationPipe } from '@nestjs/common';
import { invalidFields } from '../../../../libs/application/src/problems.js';
import { flattenErrors } from '../../../../libs/application/src/validation/validate-command.js';

export const queryValidation = new ValidationPipe({
  transform: true,
  exceptionFactory: (errors) => invalidFields(flattenErrors(errors, '')),
});
