// Stored event → CloudEvents 1.0 structured-mode JSON (contract section 5).
import { type StoredEvent, studentIdOf } from '../../event-store/src/event-store.port.js';

export const CLOUDEVENT_TYPE_PREFIX = 'be.vlaanderen.learning-account.';
export const DEFAULT_CLOUDEVENT_SOURCE = '/learning-account-service';
/** Kafka header of the CloudEvents Kafka protocol binding, structured mode. */
export const CLOUDEVENTS_CONTENT_TYPE = 'application/cloudevents+json; charset=UTF-8';

export interface CloudEvent {
  readonly specversion: '1.0';
  readonly id: string;
  readonly source: string;
  readonly type: string;
  readonly subject: string;
  readonly time: string;
  readonly datacontenttype: 'application/json';
  readonly data: Record<string, unknown>;
  // extension attributes (lower-case, CloudEvents naming rules)
  readonly commandid: string;
  readonly correlationid: string;
  readonly causationid: string;
  readonly actorrole: string;
  readonly actorinstitution?: string;
  /** 0-based revision of the event inside the student's stream. */
  readonly streamrevision: number;
  readonly schemaversion: number;
}

export const cloudEventType = (eventType: string): string => `${CLOUDEVENT_TYPE_PREFIX}${eventType}.v1`;

export function toCloudEvent(event: StoredEvent, source: string = DEFAULT_CLOUDEVENT_SOURCE): CloudEvent {
  const m = event.metadata;
  return {
    specversion: '1.0',
    id: m.eventId,
    source,
    type: cloudEventType(event.type),
    subject: studentIdOf(event.streamId),
    time: m.recordedAt,
    datacontenttype: 'application/json',
    data: event.data,
    commandid: m.commandId,
    correlationid: m.correlationId,
    causationid: m.causationId,
    actorrole: m.actor.role,
    ...(m.actor.institutionId ? { actorinstitution: m.actor.institutionId } : {}),
    streamrevision: event.revision,
    schemaversion: m.schemaVersion,
  };
}
