// Event publisher against the real broker and the real SQLite event store.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { policyStream, type StoredEvent, studentStream } from '../../libs/event-store/src/event-store.port.js';
import { SqliteEventStore } from '../../libs/event-store/src/sqlite/sqlite-event-store.js';
import { SqliteCheckpointStore } from '../../libs/messaging/src/checkpoint-store.js';
import { checkpointFile, startPublisherBridge } from '../../libs/messaging/src/kafka-bridges.js';
import { kafkaTopics } from '../../libs/messaging/src/topics.js';
import { loadContracts } from './support/contracts.js';
import { brokerScript, createServiceTopics, deleteTestTopics, eventually, exited, type Received, spawnTs, studentEvents, tempDir, testConfig, testEnv, TopicReader, uniquePrefix } from './support/kafka.js';

const contracts = loadContracts();

/** Appends `n` events to a student's stream at its current end. */
async function appendTo(store: SqliteEventStore, studentId: string, n: number): Promise<void> {
  const existing = await store.readStream(studentStream(studentId));
  await store.append(studentStream(studentId), existing.length === 0 ? 'no_stream' : existing.length - 1, studentEvents(studentId, n, existing.length));
}

/** Every stored student event arrived; per student, first occurrences come in stream order. */
function expectCompleteAndOrdered(received: Received[], stored: StoredEvent[]): { duplicates: number } {
  const students = stored.filter((e) => !e.streamId.includes('@'));
  const seen = new Map<string, number[]>();
  const ids = new Set<string>();
  let duplicates = 0;
  for (const m of received) {
    const ce = m.json<{ id: string; subject: string; streamrevision: number }>();
    expect(m.key).toBe(ce.subject);
    if (ids.has(ce.id)) {
      duplicates++;
      continue;
    }
    ids.add(ce.id);
    seen.set(ce.subject, [...(seen.get(ce.subject) ?? []), ce.streamrevision]);
  }
  expect([...ids].sort()).toEqual(students.map((e) => e.metadata.eventId).sort());
  for (const [subject, revisions] of seen) {
    const count = students.filter((e) => e.streamId === studentStream(subject)).length;
    expect(revisions).toEqual(Array.from({ length: count }, (_, i) => i));
  }
  return { duplicates };
}

describe('event publisher (real Kafka, SQLite event store)', () => {
  beforeAll(() => brokerScript('start'));
  afterAll(() => deleteTestTopics());

  it('publishes every student event as a CloudEvent keyed by studentId, checkpoints after the ack, resumes after a stop', async () => {
    const prefix = uniquePrefix('pub');
    const dir = tempDir('pub');
    const config = testConfig(prefix, dir);
    const topics = kafkaTopics(prefix);
    const store = new SqliteEventStore({ file: join(dir, 'events.sqlite'), synchronous: 'NORMAL', pollIntervalMs: 50 });
    await appendTo(store, 'stu-a', 3);
    await appendTo(store, 'stu-b', 2);
    await store.append(policyStream('UGENT'), 'no_stream', [{ ...studentEvents('x', 1)[0], type: 'InstitutionPolicySet', data: { academicYear: '2025-2026' } }]);
    await appendTo(store, 'stu-a', 2);

    await createServiceTopics(prefix);
    const reader = await TopicReader.start(topics.events);
    let bridge = startPublisherBridge({ config, store, dataDir: dir });
    await bridge.ready;
    await reader.waitFor('7 events', () => reader.messages.length >= 7);

    // live: appended after the publisher caught up
    await appendTo(store, 'stu-b', 2);
    await reader.waitFor('9 events', () => reader.messages.length >= 9);
    const checkpoints = new SqliteCheckpointStore(checkpointFile(dir));
    const head = await store.headPosition();
    await eventually('checkpoint at the head', () => checkpoints.get(topics.events) === head);

    // publisher stopped (Kafka "not configured"): nothing is lost, it catches up on restart
    await bridge.stop();
    await appendTo(store, 'stu-c', 3);
    await appendTo(store, 'stu-a', 1);
    bridge = startPublisherBridge({ config, store, dataDir: dir });
    await reader.waitFor('13 events', () => reader.messages.length >= 13);
    await new Promise((r) => setTimeout(r, 500)); // nothing more may come
    await bridge.stop();
    await reader.stop();

    const stored = await store.readAll(null, 1000);
    expect(reader.messages).toHaveLength(13); // graceful stop checkpointed everything: no re-sends
    for (const m of reader.messages) {
      expect(contracts.cloudEvent(m.json())).toEqual([]);
      expect(m.headers['content-type']).toBe('application/cloudevents+json; charset=UTF-8');
      const ce = m.json<Record<string, unknown>>();
      const original = stored.find((e) => e.metadata.eventId === ce.id)!;
      expect(ce).toMatchObject({
        specversion: '1.0',
        type: 'be.vlaanderen.learning-account.CreditsReserved.v1',
        source: '/learning-account-service',
        subject: original.streamId.slice('learning-account-'.length),
        time: original.metadata.recordedAt,
        datacontenttype: 'application/json',
        data: original.data,
        commandid: original.metadata.commandId,
      });
    }
    expect(reader.messages.some((m) => m.json<{ subject: string }>().subject.includes('@'))).toBe(false);
    expect(expectCompleteAndOrdered(reader.messages, stored).duplicates).toBe(0);
    expect(checkpoints.get(topics.events)).toBe(await store.headPosition()); // past the policy event too
    checkpoints.close();
    await store.close();
  });

  it('a publisher process killed mid-stream (SIGKILL) and restarted delivers every event, in order per student', async () => {
    const prefix = uniquePrefix('pubkill');
    const dir = tempDir('pubkill');
    const store = new SqliteEventStore({ file: join(dir, 'events.sqlite'), synchronous: 'NORMAL' });
    await createServiceTopics(prefix);
    const reader = await TopicReader.start(kafkaTopics(prefix).events);
    const students = Array.from({ length: 12 }, (_, i) => `stu-k${i}`);
    let appended = 0;
    const appendRound = async () => {
      for (const s of students) await appendTo(store, s, 5);
      appended += students.length * 5;
    };
    await appendRound();

    let child = spawnTs('apps/kafka-publisher/src/main.ts', testEnv(prefix, dir));
    await reader.waitFor('the first events', () => reader.messages.length > 0, 60_000);
    // keep writing while the publisher runs, then kill it in the middle of the stream
    for (let i = 0; i < 10; i++) await appendRound();
    await reader.waitFor('some more events', () => reader.messages.length >= 100, 60_000);
    child.kill('SIGKILL');
    expect(await exited(child)).toBeNull(); // killed, not exited
    const beforeRestart = reader.messages.length;
    for (let i = 0; i < 10; i++) await appendRound();

    child = spawnTs('apps/kafka-publisher/src/main.ts', testEnv(prefix, dir));
    const stored = await store.readAll(null, 100_000);
    expect(stored).toHaveLength(appended);
    const distinct = () => new Set(reader.messages.map((m) => m.json<{ id: string }>().id)).size;
    await reader.waitFor(`all ${appended} events`, () => distinct() === appended, 90_000);
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
    await reader.stop();
    const { duplicates } = expectCompleteAndOrdered(reader.messages, stored);
    expect(beforeRestart).toBeLessThan(appended);
    console.log(`publisher SIGKILL: ${appended} events, ${beforeRestart} delivered before the kill, ${duplicates} re-sent after the restart`);
    await store.close();
  });

  it('the broker stopped and restarted while publishing: nothing is lost', async () => {
    const prefix = uniquePrefix('pubbroker');
    const dir = tempDir('pubbroker');
    const config = testConfig(prefix, dir);
    const store = new SqliteEventStore({ file: join(dir, 'events.sqlite'), synchronous: 'NORMAL', pollIntervalMs: 50 });
    const students = Array.from({ length: 8 }, (_, i) => `stu-b${i}`);
    const round = async () => {
      for (const s of students) await appendTo(store, s, 3);
    };
    await round();
    const bridge = startPublisherBridge({ config, store, dataDir: dir });
    await bridge.ready;
    const checkpoints = new SqliteCheckpointStore(checkpointFile(dir));
    await eventually('the first batch acknowledged', () => checkpoints.get(kafkaTopics(prefix).events) !== null);

    brokerScript('stop');
    for (let i = 0; i < 5; i++) await round(); // written while the broker is down
    await new Promise((r) => setTimeout(r, 2000)); // the publisher fails and retries meanwhile
    const head = (await store.headPosition())!;
    expect(checkpoints.get(kafkaTopics(prefix).events)!).toBeLessThan(head); // nothing acknowledged, nothing checkpointed
    brokerScript('start');
    for (let i = 0; i < 5; i++) await round();

    await createServiceTopics(prefix);
    const reader = await TopicReader.start(kafkaTopics(prefix).events);
    const total = students.length * 3 * 11;
    const distinct = () => new Set(reader.messages.map((m) => m.json<{ id: string }>().id)).size;
    await reader.waitFor(`all ${total} events`, () => distinct() === total, 90_000);
    await bridge.stop();
    await reader.stop();
    const stored = await store.readAll(null, 100_000);
    const { duplicates } = expectCompleteAndOrdered(reader.messages, stored);
    console.log(`broker restart: ${total} events delivered, ${duplicates} duplicates`);
    checkpoints.close();
    await store.close();
  });
});
