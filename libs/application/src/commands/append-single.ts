// Appends one event to a non-student stream (policy, operator) with its expected revision,
// retrying a bounded number of times when another writer got there first.
import { type EventStore, WrongExpectedRevisionError } from '../../../event-store/src/event-store.port.js';
import { type CommandMeta, toNewEvents } from '../event-envelope.js';
import { reject } from '../problems.js';
import { MAX_ATTEMPTS } from './execute-account-command.handler.js';

export async function appendOne(store: EventStore, streamId: string, event: { type: string; data: Record<string, unknown> }, meta: CommandMeta): Promise<number> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const last = (await store.readStream(streamId)).at(-1)?.revision ?? -1;
    try {
      const r = await store.append(streamId, last < 0 ? 'no_stream' : last, toNewEvents([event], streamId, last + 1, meta, new Date().toISOString()));
      return r.nextRevision;
    } catch (e) {
      if (!(e instanceof WrongExpectedRevisionError)) throw e;
    }
  }
  throw reject(409, `stream ${streamId} kept changing: gave up after ${MAX_ATTEMPTS} attempts`, { slug: 'concurrent-write' });
}
