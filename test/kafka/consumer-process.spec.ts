// The command consumer app (apps/kafka-consumer) as a real process: SIGKILLed in the middle
// of a stream of commands and started again, every command has exactly one effect.
import { afterAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { studentStream } from '../../libs/event-store/src/event-store.port.js';
import { SqliteEventStore } from '../../libs/event-store/src/sqlite/sqlite-event-store.js';
import { kafkaTopics } from '../../libs/messaging/src/topics.js';
import { registerEnrolment } from './support/commands.js';
import { brokerScript, createServiceTopics, createTopics, deleteTestTopics, exited, produce, spawnTs, tempDir, testEnv, TopicReader, uniquePrefix } from './support/kafka.js';

describe('command consumer process (real Kafka, real core)', () => {
  afterAll(() => deleteTestTopics());

  it('killed (SIGKILL) mid-stream and restarted: every command answered, each with one effect', async () => {
    brokerScript('start');
    const prefix = uniquePrefix('cmdkill');
    const topics = kafkaTopics(prefix);
    const dir = tempDir('cmdkill');
    await createServiceTopics(prefix);
    await createTopics([{ name: topics.commandsOf('UGENT'), partitions: 3 }]);
    const reader = await TopicReader.start(topics.commandResults);
    const commands = Array.from({ length: 600 }, (_, i) => registerEnrolment(`stu-p${i}`));
    await produce(topics.commandsOf('UGENT'), commands.map((c) => ({ key: c.studentId, value: JSON.stringify(c) })));

    let child = spawnTs('apps/kafka-consumer/src/main.ts', testEnv(prefix, dir));
    await reader.waitFor('the first results', () => reader.messages.length >= 50, 90_000);
    child.kill('SIGKILL');
    expect(await exited(child)).toBeNull();
    const beforeKill = reader.messages.length;
    expect(beforeKill).toBeLessThan(commands.length);

    child = spawnTs('apps/kafka-consumer/src/main.ts', testEnv(prefix, dir));
    const answered = () => new Set(reader.messages.map((m) => m.key)).size;
    await reader.waitFor('every command answered', () => answered() === commands.length, 90_000);
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
    await reader.stop();

    const byCommand = new Map<string, string[]>();
    for (const m of reader.messages) byCommand.set(m.key!, [...(byCommand.get(m.key!) ?? []), m.json<{ status: string }>().status]);
    let redelivered = 0;
    for (const c of commands) {
      const statuses = byCommand.get(c.commandId)!;
      expect(statuses.every((s) => s === 'accepted' || s === 'duplicate')).toBe(true);
      expect(statuses.filter((s) => s === 'accepted').length).toBeLessThanOrEqual(1);
      if (statuses.length > 1 || statuses[0] === 'duplicate') redelivered++;
    }
    const store = new SqliteEventStore({ file: join(dir, 'events.sqlite') });
    for (const c of commands) expect((await store.readStream(studentStream(c.studentId))).map((e) => e.type)).toEqual(['AccountOpened', 'EnrolmentRegistered', 'CreditsReserved']);
    await store.close();
    console.log(`consumer SIGKILL: ${commands.length} commands, ${beforeKill} results before the kill, ${redelivered} redelivered and answered duplicate`);
  }, 180_000);
});
