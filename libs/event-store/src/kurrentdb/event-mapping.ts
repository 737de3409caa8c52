// Mapping between the port's events and KurrentDB records.
//
// Stored form: JSON data; JSON metadata = the port's EventMetadata plus `$correlationId` and
// `$causationId` (KurrentDB's own names, used by its projections and UI to follow a flow).
// Event ids come from metadata.eventId (a UUID), so a retried append carries the same ids and
// the server's idempotency absorbs it.
//
// Global position: the port's bigint `position` is the record's COMMIT position. Since
// KurrentDB 20, every event appended over gRPC is an implicitly committed prepare record whose
// commit position equals its own log position, so events of our streams have distinct,
// strictly increasing commit positions. Only legacy explicit transactions (the removed TCP
// API) made several events share one commit position; see readAll/subscribe for how resuming
// from a checkpoint treats that case.
import { jsonEvent, type EventData, type JSONRecordedEvent, type Position, type ResolvedEvent } from '@kurrent/kurrentdb-client';
import type { EventMetadata, NewEvent, StoredEvent } from '../event-store.port.js';

type JsonObject = Record<string, unknown>;

export function toEventData(event: NewEvent): EventData {
  const { metadata } = event;
  return jsonEvent({
    id: metadata.eventId,
    type: event.type,
    data: event.data as JsonObject,
    metadata: { ...metadata, $correlationId: metadata.correlationId, $causationId: metadata.causationId } as JsonObject,
  });
}

export function toStoredEvent(resolved: ResolvedEvent): StoredEvent {
  const record = resolved.event as JSONRecordedEvent | undefined;
  if (!record) throw new Error('KurrentDB returned a read result without an event');
  if (!record.isJson) throw new Error(`event ${record.id} in ${record.streamId} is not JSON`);
  const position = resolved.commitPosition ?? record.position?.commit;
  // Very old servers answered stream reads with "no position" (2^64-1); fail loudly rather than
  // hand out a position that would break the global order.
  if (position === undefined || position < 0n || position >= 1n << 63n) {
    throw new Error(`event ${record.id} in ${record.streamId} came without a usable global position (${String(position)})`);
  }
  const raw = (record.metadata ?? {}) as JsonObject;
  const { $correlationId: _c, $causationId: _k, ...metadata } = raw;
  return {
    streamId: record.streamId,
    revision: Number(record.revision),
    position,
    type: record.type,
    data: record.data as JsonObject,
    metadata: metadata as unknown as EventMetadata,
  };
}

/** The KurrentDB position to read or subscribe from for a port checkpoint. */
export const positionOf = (checkpoint: bigint): Position => ({ commit: checkpoint, prepare: checkpoint });
