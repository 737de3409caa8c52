// From domain events to stored events and back: metadata (contract section 3) and event
// ids derived from the command, so a retried append of the same decision is absorbed.
import { createHash } from 'node:crypto';
import type { AccountEvent } from '../../domain/src/index.js';
import type { Actor, NewEvent, StoredEvent } from '../../event-store/src/event-store.port.js';

export interface CommandMeta {
  readonly commandId: string;
  readonly commandHash: string;
  readonly actor: Actor;
  readonly correlationId: string;
}

export const SCHEMA_VERSION = 1;

/** A name-based UUID (version 5 layout) of `parts`; `index` varies it without hashing again. */
export function deterministicUuid(...parts: string[]): string {
  return uuidFrom(createHash('sha1').update(parts.join('\u0000')).digest(), 0);
}

function uuidFrom(digest: Buffer, index: number): string {
  const h = Buffer.from(digest.subarray(0, 16));
  h.writeUInt32BE((h.readUInt32BE(12) ^ index) >>> 0, 12);
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/** sha-256 of a value's canonical JSON (keys sorted), first 128 bits, for "same commandId, same content". */
export function canonicalHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, 32);
}

/** JSON with object keys sorted, written directly: the same text as JSON.stringify of a key-sorted copy. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? 'null' : canonicalJson(x))).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const parts: string[] = [];
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) parts.push(`${JSON.stringify(k)}:${canonicalJson(x)}`);
    }
    return `{${parts.join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

export function toNewEvents(
  events: readonly { type: string; data: object }[],
  streamId: string,
  firstRevision: number,
  meta: CommandMeta,
  recordedAt: string,
): NewEvent[] {
  // One hash per append: the events' ids differ by their index within it.
  const digest = createHash('sha1').update([meta.commandId, streamId, String(firstRevision)].join('\u0000')).digest();
  return events.map((e, i) => ({
    type: e.type,
    data: e.data as Record<string, unknown>,
    metadata: {
      eventId: uuidFrom(digest, i),
      commandId: meta.commandId,
      correlationId: meta.correlationId,
      causationId: meta.commandId,
      actor: meta.actor,
      recordedAt,
      schemaVersion: SCHEMA_VERSION,
      commandHash: meta.commandHash,
    },
  }));
}

export const toDomainEvent = (e: StoredEvent): AccountEvent => ({ type: e.type, data: e.data }) as unknown as AccountEvent;
