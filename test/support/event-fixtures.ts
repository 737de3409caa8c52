// Metadata of events made up by tests and benchmarks (contract section 3).
import { randomUUID } from 'node:crypto';
import type { EventMetadata } from '../../libs/event-store/src/event-store.port.js';

export function testMetadata(overrides: Partial<EventMetadata> = {}): EventMetadata {
  const commandId = overrides.commandId ?? randomUUID();
  return {
    eventId: randomUUID(),
    commandId,
    correlationId: commandId,
    causationId: commandId,
    actor: { role: 'institution', institutionId: 'UGENT' },
    recordedAt: new Date().toISOString(),
    schemaVersion: 1,
    ...overrides,
  };
}
