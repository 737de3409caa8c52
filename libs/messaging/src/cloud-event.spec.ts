import { describe, expect, it } from '@jest/globals';
import type { StoredEvent } from '../../event-store/src/event-store.port.js';
import { toCloudEvent } from './cloud-event.js';
import { toEventMessage } from './event-publisher.js';

const stored: StoredEvent = {
  streamId: 'learning-account-stu-8841',
  revision: 2,
  position: 17n,
  type: 'CreditsReserved',
  data: { credits: -30, balanceAfter: 110, rule: 'R7' },
  metadata: {
    eventId: 'ev-1',
    commandId: 'cmd-1',
    correlationId: 'cor-1',
    causationId: 'cau-1',
    actor: { role: 'institution', institutionId: 'UGENT' },
    recordedAt: '2025-09-23T10:00:00.000Z',
    schemaVersion: 1,
  },
};

describe('toCloudEvent', () => {
  it('maps a stored event onto a CloudEvents 1.0 envelope (contract section 5)', () => {
    expect(toCloudEvent(stored)).toEqual({
      specversion: '1.0',
      id: 'ev-1',
      source: '/learning-account-service',
      type: 'be.vlaanderen.learning-account.CreditsReserved.v1',
      subject: 'stu-8841',
      time: '2025-09-23T10:00:00.000Z',
      datacontenttype: 'application/json',
      data: { credits: -30, balanceAfter: 110, rule: 'R7' },
      commandid: 'cmd-1',
      correlationid: 'cor-1',
      causationid: 'cau-1',
      actorrole: 'institution',
      actorinstitution: 'UGENT',
      streamrevision: 2,
      schemaversion: 1,
    });
  });

  it('keys the Kafka message by studentId', () => {
    const m = toEventMessage(stored, 'learning-account.events', '/x');
    expect(m.key).toBe('stu-8841');
    expect(JSON.parse(m.value as string).source).toBe('/x');
    expect(m.headers).toEqual({ 'content-type': 'application/cloudevents+json; charset=UTF-8' });
  });
});
