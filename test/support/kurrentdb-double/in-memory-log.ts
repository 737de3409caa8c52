// TEST DOUBLE, NOT A STORE: the in-memory event log behind the KurrentDB wire-level double.
// It keeps what a KurrentDB node would answer over gRPC for the calls our adapter makes:
// per-stream revisions with optimistic concurrency, idempotent re-appends of the same event
// ids, and one global log with strictly increasing positions. Nothing is persisted.
//
// Positions mimic the modern KurrentDB transaction log: every event appended through gRPC is
// an implicitly committed prepare record, so its commit position equals its prepare position
// (its own log position) and grows by the record's size.

export interface DoubleRecord {
  readonly streamName: string;
  readonly revision: bigint;
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  readonly data: Buffer;
  readonly metadata: Buffer;
  /** .NET ticks (100 ns) since the Unix epoch, as the server sends them in `created`. */
  readonly createdTicks: bigint;
  readonly position: bigint;
}

export interface ProposedEvent {
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  readonly data: Buffer;
  readonly metadata: Buffer;
}

export type ExpectedState =
  | { readonly kind: 'any' }
  | { readonly kind: 'no_stream' }
  | { readonly kind: 'stream_exists' }
  | { readonly kind: 'revision'; readonly revision: bigint };

export type AppendOutcome =
  | { readonly ok: true; readonly currentRevision: bigint; readonly position: bigint | null; readonly idempotent: boolean }
  | { readonly ok: false; readonly currentRevision: bigint | null; readonly expected: ExpectedState };

const RECORD_OVERHEAD = 120n;

export class InMemoryLog {
  private readonly all: DoubleRecord[] = [];
  private readonly streams = new Map<string, DoubleRecord[]>();
  private nextPosition = 0n;
  private waiters: Array<() => void> = [];

  constructor(options: { readonly seedSystemEvents?: boolean } = {}) {
    if (options.seedSystemEvents !== false) {
      // A real node writes system events of its own ($-prefixed streams and types) before any
      // client does; seeding some makes filters on $all observable in tests.
      const json = (o: unknown): Buffer => Buffer.from(JSON.stringify(o), 'utf8');
      this.append('$epoch-information', { kind: 'any' }, [
        { id: '00000000-0000-4000-8000-000000000001', type: '$epoch-information', contentType: 'application/json', data: json({ epochNumber: 0 }), metadata: Buffer.alloc(0) },
      ]);
      this.append('$users', { kind: 'any' }, [
        { id: '00000000-0000-4000-8000-000000000002', type: '$User', contentType: 'application/json', data: json({ loginName: 'admin' }), metadata: Buffer.alloc(0) },
      ]);
    }
  }

  get size(): number {
    return this.all.length;
  }

  lastRevision(streamName: string): bigint | null {
    const events = this.streams.get(streamName);
    return events && events.length > 0 ? events[events.length - 1]!.revision : null;
  }

  append(streamName: string, expected: ExpectedState, events: readonly ProposedEvent[]): AppendOutcome {
    const stream = this.streams.get(streamName) ?? [];
    const current = stream.length > 0 ? BigInt(stream.length - 1) : null;

    // Where would these events have started if this append was already done once?
    let start: number | null = null;
    switch (expected.kind) {
      case 'revision':
        start = Number(expected.revision) + 1;
        break;
      case 'no_stream':
        start = 0;
        break;
      case 'any':
      case 'stream_exists':
        if (events.length > 0) {
          const at = stream.findIndex((e) => e.id === events[0]!.id);
          start = at >= 0 ? at : null;
        }
        break;
    }
    const idempotent =
      events.length > 0 &&
      start !== null &&
      start + events.length <= stream.length &&
      events.every((e, i) => stream[start! + i]!.id === e.id);
    if (idempotent) {
      const last = stream[start! + events.length - 1]!;
      return { ok: true, currentRevision: last.revision, position: last.position, idempotent: true };
    }

    const matches =
      expected.kind === 'any' ||
      (expected.kind === 'no_stream' && current === null) ||
      (expected.kind === 'stream_exists' && current !== null) ||
      (expected.kind === 'revision' && current === expected.revision);
    if (!matches) return { ok: false, currentRevision: current, expected };
    if (events.length === 0) {
      return { ok: true, currentRevision: current ?? -1n, position: null, idempotent: false };
    }

    const createdTicks = BigInt(Date.now()) * 10_000n;
    let last: DoubleRecord | undefined;
    for (const e of events) {
      const record: DoubleRecord = {
        streamName,
        revision: BigInt(stream.length),
        id: e.id,
        type: e.type,
        contentType: e.contentType,
        data: e.data,
        metadata: e.metadata,
        createdTicks,
        position: this.nextPosition,
      };
      this.nextPosition += RECORD_OVERHEAD + BigInt(e.data.length + e.metadata.length + e.type.length + streamName.length);
      stream.push(record);
      this.all.push(record);
      last = record;
    }
    this.streams.set(streamName, stream);
    this.wakeWaiters();
    return { ok: true, currentRevision: last!.revision, position: last!.position, idempotent: false };
  }

  streamExists(streamName: string): boolean {
    return (this.streams.get(streamName)?.length ?? 0) > 0;
  }

  /** Stream events from `from` (inclusive), forwards or backwards, at most `count`. */
  readStream(streamName: string, from: bigint | 'start' | 'end', backwards: boolean, count: number): DoubleRecord[] {
    const stream = this.streams.get(streamName) ?? [];
    const out: DoubleRecord[] = [];
    if (!backwards) {
      const first = from === 'start' ? 0 : from === 'end' ? stream.length : Number(from);
      for (let i = Math.max(0, first); i < stream.length && out.length < count; i++) out.push(stream[i]!);
    } else {
      const first = from === 'end' ? stream.length - 1 : from === 'start' ? 0 : Math.min(Number(from), stream.length - 1);
      for (let i = first; i >= 0 && out.length < count; i--) out.push(stream[i]!);
    }
    return out;
  }

  /** Index of the first record whose position is >= `position` (binary search). */
  indexAtOrAfter(position: bigint): number {
    let lo = 0;
    let hi = this.all.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.all[mid]!.position < position) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  recordAt(index: number): DoubleRecord | undefined {
    return this.all[index];
  }

  /** Resolves at the next append (or immediately if `index` already exists). */
  waitBeyond(index: number): Promise<void> {
    if (index < this.all.length) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Releases every waiter (used when the server shuts down or drops subscriptions). */
  wakeWaiters(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
