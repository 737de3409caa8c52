// Command consumer against the real broker and the real application (createCore: SQLite
// event store, the application's command executor).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { createCore } from '../../apps/service/src/core.js';
import type { CommandExecutor } from '../../libs/application/src/command-executor.port.js';
import type { AppConfig } from '../../libs/config/src/config.js';
import { studentStream } from '../../libs/event-store/src/event-store.port.js';
import { startCommandConsumer } from '../../libs/messaging/src/command-consumer.js';
import { type KafkaBridges, startKafkaBridges } from '../../libs/messaging/src/kafka-bridges.js';
import { KafkajsMessageBus } from '../../libs/messaging/src/kafkajs/kafkajs-message-bus.js';
import { type KafkaTopics, kafkaTopics } from '../../libs/messaging/src/topics.js';
import { registerEnrolment } from './support/commands.js';
import { loadContracts } from './support/contracts.js';
import {
  BROKERS,
  brokerScript,
  client,
  createServiceTopics,
  createTopics,
  deleteTestTopics,
  eventually,
  produce,
  type Received,
  tempDir,
  testConfig,
  TopicReader,
  uniquePrefix,
} from './support/kafka.js';

type Core = Awaited<ReturnType<typeof createCore>>;
type Result = { commandId: string; institutionId: string; status: string; problem?: { status: number }; events?: { type: string }[] };

const contracts = loadContracts();

describe('command consumer (real Kafka, real application core)', () => {
  let prefix: string;
  let topics: KafkaTopics;
  let config: AppConfig;
  let dir: string;
  let core: Core;
  let bridges: KafkaBridges;
  let reader: TopicReader;

  const results = (commandId: string): Result[] =>
    reader.on(topics.commandResults).filter((m) => m.key === commandId).map((m) => m.json<Result>());
  const resultOf = async (commandId: string, n = 1): Promise<Result[]> => {
    await reader.waitFor(`${n} result(s) of ${commandId}`, () => results(commandId).length >= n);
    return results(commandId);
  };
  const dlq = (): Received[] => reader.on(topics.commandsDlq);
  const eventsOf = (studentId: string) => reader.on(topics.events).filter((m) => m.key === studentId);
  const send = (institutionId: string, command: unknown, key: string | null, partition?: number, headers?: Record<string, string>) =>
    produce(topics.commandsOf(institutionId), [{ key, value: typeof command === 'string' ? command : JSON.stringify(command), partition, headers }]);

  beforeAll(async () => {
    brokerScript('start');
    prefix = uniquePrefix('cmd');
    topics = kafkaTopics(prefix);
    dir = tempDir('cmd');
    config = testConfig(prefix, dir);
    await createServiceTopics(prefix);
    await createTopics([
      { name: topics.commandsOf('UGENT'), partitions: 3 },
      { name: topics.commandsOf('KULEUVEN'), partitions: 1 },
    ]);
    core = await createCore(config);
    bridges = await startKafkaBridges({ config, commands: core.commands, store: core.store, dataDir: dir });
    await bridges.ready;
    reader = await TopicReader.start(topics.commandResults, topics.events, topics.commandsDlq);
  });

  afterAll(async () => {
    await bridges?.stop();
    await reader?.stop();
    await core?.close();
    await deleteTestTopics();
  });

  it('answers a command on command-results (keyed by commandId) and publishes its events (keyed by studentId), all matching the contracts', async () => {
    const command = registerEnrolment('stu-1');
    expect(contracts.command(command)).toEqual([]);
    await send('UGENT', command, 'stu-1');
    const [result] = await resultOf(command.commandId);
    expect(contracts.commandResult(result)).toEqual([]);
    expect(result).toMatchObject({ commandId: command.commandId, institutionId: 'UGENT', status: 'accepted' });
    expect(result.events!.map((e) => e.type)).toEqual(['AccountOpened', 'EnrolmentRegistered', 'CreditsReserved']);

    await reader.waitFor('3 events of stu-1', () => eventsOf('stu-1').length >= 3);
    const events = eventsOf('stu-1').map((m) => m.json<Record<string, unknown>>());
    expect(events.map((e) => e.type)).toEqual([
      'be.vlaanderen.learning-account.AccountOpened.v1',
      'be.vlaanderen.learning-account.EnrolmentRegistered.v1',
      'be.vlaanderen.learning-account.CreditsReserved.v1',
    ]);
    for (const e of events) {
      expect(contracts.cloudEvent(e)).toEqual([]);
      expect(e).toMatchObject({ subject: 'stu-1', commandid: command.commandId, actorrole: 'institution', actorinstitution: 'UGENT' });
    }
    const stored = await core.store.readStream(studentStream('stu-1'));
    expect(events.map((e) => e.id)).toEqual(stored.map((s) => s.metadata.eventId));
  });

  it('sends a poison message (not JSON) to the DLQ with its key, value and headers, and handles the next message of the same partition', async () => {
    const next = registerEnrolment('stu-2');
    await produce(topics.commandsOf('UGENT'), [
      { key: 'stu-2', value: '{"commandId": not json', partition: 0, headers: { 'trace-id': 'poison-1' } },
      { key: 'stu-2', value: JSON.stringify(next), partition: 0 },
    ]);
    const [result] = await resultOf(next.commandId);
    expect(result.status).toBe('accepted');
    await reader.waitFor('the poison in the DLQ', () => dlq().some((m) => m.headers['trace-id'] === 'poison-1'));
    const dead = dlq().find((m) => m.headers['trace-id'] === 'poison-1')!;
    expect(dead.key).toBe('stu-2');
    expect(dead.value!.toString()).toBe('{"commandId": not json');
    expect(dead.headers).toMatchObject({ 'dlq-reason': 'not-json', 'dlq-original-topic': topics.commandsOf('UGENT'), 'dlq-original-partition': '0' });
    expect(dead.headers['dlq-detail']).toMatch(/JSON/);
  });

  it('answers invalid fields and unknown types as rejected 400 and dead-letters them', async () => {
    const invalid = registerEnrolment('stu-3');
    invalid.payload.components[0].credits = 0;
    const unknown = { commandId: randomUUID(), type: 'DoSomethingElse', studentId: 'stu-3', payload: {} };
    await send('UGENT', invalid, 'stu-3');
    await send('UGENT', unknown, 'stu-3');
    for (const c of [invalid, unknown]) {
      const [result] = await resultOf(c.commandId);
      expect(contracts.commandResult(result)).toEqual([]);
      expect(result).toMatchObject({ commandId: c.commandId, institutionId: 'UGENT', status: 'rejected', problem: { status: 400 } });
      await reader.waitFor('its dead letter', () => dlq().some((m) => m.value?.toString() === JSON.stringify(c)));
      const dead = dlq().find((m) => m.value?.toString() === JSON.stringify(c))!;
      expect(dead.key).toBe('stu-3');
      expect(dead.headers['dlq-reason']).toBe('invalid-command');
      expect(JSON.parse(dead.headers['dlq-problem']).status).toBe(400);
    }
    expect(await core.store.readStream(studentStream('stu-3'))).toEqual([]);
  });

  it('takes the acting institution from the topic: a rule rejection is answered (403), not dead-lettered', async () => {
    const enrol = registerEnrolment('stu-4');
    await send('UGENT', enrol, 'stu-4');
    expect((await resultOf(enrol.commandId))[0].status).toBe('accepted');
    const foreign = { commandId: randomUUID(), type: 'WithdrawEnrolment', studentId: 'stu-4', payload: { enrolmentId: 'e1', withdrawnOn: '2025-10-01' } };
    expect(contracts.command(foreign)).toEqual([]);
    await send('KULEUVEN', foreign, 'stu-4');
    await send('KULEUVEN', 'sentinel, not json', 'stu-4'); // same (single) partition, after it
    const [result] = await resultOf(foreign.commandId);
    expect(contracts.commandResult(result)).toEqual([]);
    expect(result).toMatchObject({ institutionId: 'KULEUVEN', status: 'rejected', problem: { status: 403 } });
    await reader.waitFor('the sentinel in the DLQ', () => dlq().some((m) => m.value?.toString() === 'sentinel, not json'));
    expect(dlq().some((m) => m.value?.toString() === JSON.stringify(foreign))).toBe(false);
    expect((await core.store.readStream(studentStream('stu-4'))).map((e) => e.type)).not.toContain('EnrolmentWithdrawn');
  });

  it('a command sent twice, and every command redelivered after an offset reset, has one effect (answered duplicate)', async () => {
    const command = registerEnrolment('stu-5');
    await send('UGENT', command, 'stu-5');
    await send('UGENT', command, 'stu-5');
    const answers = await resultOf(command.commandId, 2);
    expect(answers.map((r) => r.status)).toEqual(['accepted', 'duplicate']);
    expect(answers[1].events).toEqual(answers[0].events);
    expect(await core.store.readStream(studentStream('stu-5'))).toHaveLength(3);

    // Redelivery: the consumer group starts over from the earliest offsets.
    await bridges.stop();
    const head = await core.store.headPosition();
    const accepted = reader.on(topics.commandResults).filter((m) => m.json<Result>().status === 'accepted').map((m) => m.key!);
    expect(accepted).toContain(command.commandId);
    const answeredBefore = new Map(accepted.map((id) => [id, results(id).length]));
    const admin = client().admin();
    await admin.connect();
    for (const institution of ['UGENT', 'KULEUVEN']) {
      await admin.resetOffsets({ groupId: `${prefix}.command-consumer`, topic: topics.commandsOf(institution), earliest: true });
    }
    await admin.disconnect();
    const eventsBefore = reader.on(topics.events).length;
    bridges = await startKafkaBridges({ config, commands: core.commands, store: core.store, dataDir: dir });
    await bridges.ready;
    // every command is answered again: stu-5's twice (it is twice in the topic), the others once
    const again = (id: string) => results(id).slice(answeredBefore.get(id)!);
    await reader.waitFor('the redelivered answers', () => accepted.every((id) => again(id).length >= (id === command.commandId ? 2 : 1)));
    await new Promise((r) => setTimeout(r, 1000));
    for (const id of accepted) {
      expect(again(id).map((r) => r.status)).toEqual(id === command.commandId ? ['duplicate', 'duplicate'] : ['duplicate']);
    }
    expect(await core.store.headPosition()).toBe(head); // nothing written again
    expect(reader.on(topics.events)).toHaveLength(eventsBefore); // nothing published again
    expect(await core.store.readStream(studentStream('stu-5'))).toHaveLength(3);
  });

  it("keeps the order of one student's commands while handling different students side by side", async () => {
    const students = Array.from({ length: 12 }, (_, i) => `stu-o${i}`);
    const enrol = students.map((s) => registerEnrolment(s));
    const record = students.map((s) => ({
      commandId: randomUUID(),
      type: 'RecordResult',
      studentId: s,
      payload: { enrolmentId: 'e1', componentId: 'a', outcome: 'passed', session: 1, final: true, recordedOn: '2026-01-20' },
    }));
    for (const c of record) expect(contracts.command(c)).toEqual([]);
    // one partition, one chunk: each student's RecordResult right behind its RegisterEnrolment
    await produce(
      topics.commandsOf('UGENT'),
      students.flatMap((s, i) => [enrol[i], record[i]]).map((c) => ({ key: c.studentId, value: JSON.stringify(c), partition: 1 })),
    );
    for (const c of [...enrol, ...record]) {
      const [result] = await resultOf(c.commandId);
      expect(result.status).toBe('accepted'); // a RecordResult run before its enrolment would be a 404
    }
    for (const s of students) {
      const types = (await core.store.readStream(studentStream(s))).map((e) => e.type);
      expect(types.slice(0, 3)).toEqual(['AccountOpened', 'EnrolmentRegistered', 'CreditsReserved']);
      expect(types).toContain('ResultRecorded');
    }
  });

  it('picks up an institution topic created after it started', async () => {
    await createTopics([{ name: topics.commandsOf('VUB'), partitions: 2 }]);
    const command = registerEnrolment('stu-6');
    await send('VUB', command, 'stu-6');
    const [result] = await resultOf(command.commandId);
    expect(result).toMatchObject({ institutionId: 'VUB', status: 'accepted' });
  }, 60_000);

  it('retries transient failures of the executor with backoff, and dead-letters a command that keeps failing without stalling its partition', async () => {
    // Fault injection around the real executor: the first two calls for `flaky` and every
    // call for `doomed` fail as a store outage would.
    const flaky = registerEnrolment('stu-7');
    const doomed = registerEnrolment('stu-8');
    const after = registerEnrolment('stu-9');
    let flakyFailures = 0;
    const commands: CommandExecutor = {
      execute: async (raw, actor) => {
        const id = (raw as { commandId?: string }).commandId;
        if (id === flaky.commandId && flakyFailures < 2) {
          flakyFailures++;
          throw new Error('database is locked');
        }
        if (id === doomed.commandId) throw new Error('event store unavailable');
        return core.commands.execute(raw, actor);
      },
    };
    const own = kafkaTopics(uniquePrefix('cmdretry'));
    await createServiceTopics(own.prefix);
    await createTopics([{ name: own.commandsOf('UGENT'), partitions: 1 }]);
    const bus = new KafkajsMessageBus({ brokers: BROKERS, clientId: 'kafka-it-retry' });
    const consumer = await startCommandConsumer({ bus, commands, topics: own, maxAttempts: 4, retryBaseMs: 50, retryMaxMs: 200 });
    const ownReader = await TopicReader.start(own.commandResults, own.commandsDlq);
    try {
      await produce(own.commandsOf('UGENT'), [flaky, doomed, after].map((c) => ({ key: c.studentId, value: JSON.stringify(c) })));
      const answer = (id: string) => ownReader.on(own.commandResults).find((m) => m.key === id)?.json<Result>();
      await ownReader.waitFor('three answers', () => [flaky, doomed, after].every((c) => answer(c.commandId)));
      expect(flakyFailures).toBe(2);
      expect(answer(flaky.commandId)!.status).toBe('accepted');
      expect(answer(doomed.commandId)).toMatchObject({ status: 'rejected', problem: { status: 503 } });
      expect(contracts.commandResult(answer(doomed.commandId))).toEqual([]);
      expect(answer(after.commandId)!.status).toBe('accepted');
      await ownReader.waitFor('the dead letter', () => ownReader.on(own.commandsDlq).length === 1);
      const dead = ownReader.on(own.commandsDlq)[0];
      expect(dead.key).toBe('stu-8');
      expect(dead.headers['dlq-reason']).toBe('transient-failure-exhausted');
      expect(dead.headers['dlq-detail']).toBe('event store unavailable');
      await eventually('stu-9 stored', async () => (await core.store.readStream(studentStream('stu-9'))).length === 3);
    } finally {
      await consumer.stop();
      await bus.close();
      await ownReader.stop();
    }
  });
});
