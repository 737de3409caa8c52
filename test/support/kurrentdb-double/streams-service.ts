// TEST DOUBLE, NOT A STORE: the `event_store.client.streams.Streams` gRPC service of the
// KurrentDB double. Implements what @kurrent/kurrentdb-client 1.3 sends: Read (stream and $all,
// forwards and backwards, server-side filters, catch-up subscriptions that go live), Append
// (v1, client streaming) and BatchAppend (bidirectional; the client prefers it when the server
// advertises it). Answers use the wire shapes the client decodes, including
// WrongExpectedVersion both as an AppendResp variant and as a google.rpc-like Status detail.
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import type { DoubleRecord, ExpectedState, InMemoryLog, ProposedEvent } from './in-memory-log.js';
import {
  anyPb,
  bytesOf,
  codePb,
  emptyPb,
  sharedPb,
  statusPb,
  streamIdentifier,
  streamNameOf,
  streamsPb,
  timestampPb,
  uuidMessage,
  uuidToString,
  type AppendReq,
  type AppendResp,
  type BatchAppendReq,
  type BatchAppendResp,
  type ReadReq,
  type ReadResp,
} from './protocol.js';

const ReadOptions = streamsPb.ReadReq.Options;
type Filter = (r: DoubleRecord) => boolean;

export interface StreamsServiceHooks {
  /** Every live read call, so the server can end them (drop subscriptions) on demand. */
  readonly activeCalls: Set<grpc.ServerWritableStream<ReadReq, ReadResp>>;
  /** Calls the server has ended on purpose; their loops stop. */
  readonly dropped: WeakSet<object>;
  readonly isClosing: () => boolean;
}

export function createStreamsService(log: InMemoryLog, hooks: StreamsServiceHooks): grpc.UntypedServiceImplementation {
  return {
    read: (call: grpc.ServerWritableStream<ReadReq, ReadResp>) => {
      hooks.activeCalls.add(call);
      const done = () => hooks.activeCalls.delete(call);
      call.on('close', done);
      call.on('cancelled', done);
      handleRead(log, call, hooks).catch((err: unknown) => {
        done();
        if (!call.cancelled && !call.destroyed) call.destroy(err instanceof Error ? err : new Error(String(err)));
      });
    },
    append: (call: grpc.ServerReadableStream<AppendReq, AppendResp>, callback: grpc.sendUnaryData<AppendResp>) => {
      handleAppend(log, call, callback);
    },
    batchAppend: (call: grpc.ServerDuplexStream<BatchAppendReq, BatchAppendResp>) => {
      handleBatchAppend(log, call);
    },
    delete: (_call: unknown, callback: grpc.sendUnaryData<unknown>) =>
      callback({ code: grpc.status.UNIMPLEMENTED, details: 'the KurrentDB test double does not delete streams' }),
    tombstone: (_call: unknown, callback: grpc.sendUnaryData<unknown>) =>
      callback({ code: grpc.status.UNIMPLEMENTED, details: 'the KurrentDB test double does not tombstone streams' }),
  };
}

// ---------------------------------------------------------------- read / subscribe

async function handleRead(log: InMemoryLog, call: grpc.ServerWritableStream<ReadReq, ReadResp>, hooks: StreamsServiceHooks): Promise<void> {
  const options = call.request.getOptions();
  if (!options) throw new Error('ReadReq without options');
  const structuredUuids = options.getUuidOption()?.hasStructured() ?? false;
  const backwards = options.getReadDirection() === ReadOptions.ReadDirection.BACKWARDS;
  const isSubscription = options.hasSubscription();
  const count = options.hasCount() ? Number(BigInt(options.getCount())) : Number.MAX_SAFE_INTEGER;
  const filter = buildFilter(options);
  const checkpointEvery = filter ? Math.max(1, options.getFilter()!.getCheckpointintervalmultiplier()) * (options.getFilter()!.hasMax() ? options.getFilter()!.getMax() : 32) : 0;
  const send = (resp: ReadResp): Promise<void> => write(call, resp);
  const eventResp = (r: DoubleRecord): ReadResp => toReadResp(r, structuredUuids);

  if (options.hasStream()) {
    const so = options.getStream()!;
    const name = streamNameOf(so.getStreamIdentifier());
    const from: bigint | 'start' | 'end' = so.hasStart() ? 'start' : so.hasEnd() ? 'end' : BigInt(so.getRevision());
    if (!isSubscription) {
      if (!log.streamExists(name)) {
        const resp = new streamsPb.ReadResp();
        const nf = new streamsPb.ReadResp.StreamNotFound();
        nf.setStreamIdentifier(streamIdentifier(name));
        resp.setStreamNotFound(nf);
        await send(resp);
        call.end();
        return;
      }
      for (const r of log.readStream(name, from, backwards, count)) await send(eventResp(r));
      call.end();
      return;
    }
    // Stream subscription: from a revision is exclusive, from the end is live only.
    await sendConfirmation(send);
    const last = log.lastRevision(name);
    let nextRevision = from === 'start' ? 0n : from === 'end' ? (last === null ? 0n : last + 1n) : from + 1n;
    let caughtUp = false;
    while (!call.cancelled && !hooks.isClosing() && !hooks.dropped.has(call)) {
      const batch = log.readStream(name, nextRevision, false, 1_000);
      for (const r of batch) {
        await send(eventResp(r));
        nextRevision = r.revision + 1n;
      }
      if (batch.length > 0) continue;
      if (!caughtUp) {
        caughtUp = true;
        await send(caughtUpResp({ revision: nextRevision - 1n }));
      }
      await log.waitBeyond(log.size);
    }
    return;
  }

  const ao = options.getAll();
  if (!ao) throw new Error('ReadReq without stream or all options');
  if (!isSubscription) {
    let matched = 0;
    if (!backwards) {
      let i = ao.hasStart() ? 0 : ao.hasEnd() ? log.size : log.indexAtOrAfter(BigInt(ao.getPosition()!.getCommitPosition()));
      for (; i < log.size && matched < count; i++) {
        const r = log.recordAt(i)!;
        if (filter && !filter(r)) continue;
        matched++;
        await send(eventResp(r));
      }
    } else {
      // Backwards from a position is exclusive of the event at that position.
      let i = ao.hasEnd() ? log.size - 1 : ao.hasStart() ? -1 : log.indexAtOrAfter(BigInt(ao.getPosition()!.getCommitPosition())) - 1;
      for (; i >= 0 && matched < count; i--) {
        const r = log.recordAt(i)!;
        if (filter && !filter(r)) continue;
        matched++;
        await send(eventResp(r));
      }
    }
    call.end();
    return;
  }

  // $all subscription: catch up from after the position (exclusive), then go live.
  await sendConfirmation(send);
  let index: number;
  if (ao.hasStart()) index = 0;
  else if (ao.hasEnd()) index = log.size;
  else {
    const after = BigInt(ao.getPosition()!.getCommitPosition());
    index = log.indexAtOrAfter(after);
    if (log.recordAt(index)?.position === after) index++;
  }
  let caughtUp = false;
  let considered = 0;
  while (!call.cancelled && !hooks.isClosing() && !hooks.dropped.has(call)) {
    const r = log.recordAt(index);
    if (r) {
      index++;
      considered++;
      if (!filter || filter(r)) await send(eventResp(r));
      else if (checkpointEvery > 0 && considered % checkpointEvery === 0) await send(checkpointResp(r.position));
      continue;
    }
    if (!caughtUp) {
      caughtUp = true;
      const lastPos = log.recordAt(index - 1)?.position;
      if (filter && lastPos !== undefined) await send(checkpointResp(lastPos));
      await send(caughtUpResp({ position: lastPos ?? 0n }));
    }
    await log.waitBeyond(index);
  }
}

function buildFilter(options: InstanceType<typeof ReadOptions>): Filter | null {
  if (!options.hasFilter()) return null;
  const f = options.getFilter()!;
  const expr = f.hasStreamIdentifier() ? f.getStreamIdentifier()! : f.getEventType()!;
  const onStream = f.hasStreamIdentifier();
  const prefixes = expr.getPrefixList();
  const regex = expr.getRegex() ? new RegExp(expr.getRegex()) : null;
  return (r) => {
    const value = onStream ? r.streamName : r.type;
    if (prefixes.length > 0 && !prefixes.some((p) => value.startsWith(p))) return false;
    if (regex && !regex.test(value)) return false;
    return true;
  };
}

function toReadResp(r: DoubleRecord, structuredUuids: boolean): ReadResp {
  const recorded = new streamsPb.ReadResp.ReadEvent.RecordedEvent();
  recorded.setId(uuidMessage(r.id, structuredUuids));
  recorded.setStreamIdentifier(streamIdentifier(r.streamName));
  recorded.setStreamRevision(r.revision.toString());
  recorded.setPreparePosition(r.position.toString());
  recorded.setCommitPosition(r.position.toString());
  const md = recorded.getMetadataMap();
  md.set('type', r.type);
  md.set('content-type', r.contentType);
  md.set('created', r.createdTicks.toString());
  recorded.setCustomMetadata(r.metadata);
  recorded.setData(r.data);
  const readEvent = new streamsPb.ReadResp.ReadEvent();
  readEvent.setEvent(recorded);
  readEvent.setCommitPosition(r.position.toString());
  const resp = new streamsPb.ReadResp();
  resp.setEvent(readEvent);
  return resp;
}

async function sendConfirmation(send: (r: ReadResp) => Promise<void>): Promise<void> {
  const resp = new streamsPb.ReadResp();
  const c = new streamsPb.ReadResp.SubscriptionConfirmation();
  c.setSubscriptionId(randomUUID());
  resp.setConfirmation(c);
  await send(resp);
}

function checkpointResp(position: bigint): ReadResp {
  const resp = new streamsPb.ReadResp();
  const cp = new streamsPb.ReadResp.Checkpoint();
  cp.setCommitPosition(position.toString());
  cp.setPreparePosition(position.toString());
  cp.setTimestamp(timestampPb.Timestamp.fromDate(new Date()));
  resp.setCheckpoint(cp);
  return resp;
}

function caughtUpResp(at: { revision?: bigint; position?: bigint }): ReadResp {
  const resp = new streamsPb.ReadResp();
  const cu = new streamsPb.ReadResp.CaughtUp();
  cu.setTimestamp(timestampPb.Timestamp.fromDate(new Date()));
  if (at.revision !== undefined && at.revision >= 0n) cu.setStreamRevision(at.revision.toString());
  if (at.position !== undefined) {
    const p = new streamsPb.ReadResp.Position();
    p.setCommitPosition(at.position.toString());
    p.setPreparePosition(at.position.toString());
    cu.setPosition(p);
  }
  resp.setCaughtUp(cu);
  return resp;
}

/** Writes with back-pressure: waits for 'drain' when the HTTP/2 buffer is full. */
function write(call: grpc.ServerWritableStream<ReadReq, ReadResp>, resp: ReadResp): Promise<void> {
  if (call.cancelled || call.destroyed) return Promise.reject(new Error('read call is gone'));
  if (call.write(resp)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onDrain = () => { cleanup(); resolve(); };
    const onGone = () => { cleanup(); reject(new Error('read call is gone')); };
    const cleanup = () => { call.off('drain', onDrain); call.off('close', onGone); call.off('cancelled', onGone); };
    call.on('drain', onDrain);
    call.on('close', onGone);
    call.on('cancelled', onGone);
  });
}

// ---------------------------------------------------------------- append

function proposed(message: { getId(): InstanceType<typeof sharedPb.UUID> | undefined; getMetadataMap(): { get(k: string): string | undefined }; getData(): Uint8Array | string; getCustomMetadata(): Uint8Array | string }): ProposedEvent {
  const md = message.getMetadataMap();
  const type = md.get('type');
  const contentType = md.get('content-type');
  if (!type || !contentType) throw new Error('proposed message without type or content-type');
  return { id: uuidToString(message.getId()), type, contentType, data: bytesOf(message.getData()), metadata: bytesOf(message.getCustomMetadata()) };
}

function handleAppend(log: InMemoryLog, call: grpc.ServerReadableStream<AppendReq, AppendResp>, callback: grpc.sendUnaryData<AppendResp>): void {
  let streamName: string | null = null;
  let expected: ExpectedState | null = null;
  const events: ProposedEvent[] = [];
  let failed = false;
  call.on('data', (req: AppendReq) => {
    try {
      if (req.hasOptions()) {
        const o = req.getOptions()!;
        streamName = streamNameOf(o.getStreamIdentifier());
        expected = o.hasNoStream() ? { kind: 'no_stream' } : o.hasAny() ? { kind: 'any' } : o.hasStreamExists() ? { kind: 'stream_exists' } : { kind: 'revision', revision: BigInt(o.getRevision()) };
      } else if (req.hasProposedMessage()) {
        events.push(proposed(req.getProposedMessage()!));
      }
    } catch (err) {
      failed = true;
      callback({ code: grpc.status.INVALID_ARGUMENT, details: String(err) });
    }
  });
  call.on('end', () => {
    if (failed) return;
    if (streamName === null || expected === null) return callback({ code: grpc.status.INVALID_ARGUMENT, details: 'append without options' });
    const outcome = log.append(streamName, expected, events);
    const resp = new streamsPb.AppendResp();
    if (outcome.ok) {
      const success = new streamsPb.AppendResp.Success();
      if (outcome.currentRevision >= 0n) success.setCurrentRevision(outcome.currentRevision.toString());
      else success.setNoStream(new sharedPb.Empty());
      if (outcome.position !== null) {
        const p = new streamsPb.AppendResp.Position();
        p.setCommitPosition(outcome.position.toString());
        p.setPreparePosition(outcome.position.toString());
        success.setPosition(p);
      } else success.setNoPosition(new sharedPb.Empty());
      resp.setSuccess(success);
    } else {
      const wev = new streamsPb.AppendResp.WrongExpectedVersion();
      if (outcome.currentRevision !== null) wev.setCurrentRevision(outcome.currentRevision.toString());
      else wev.setCurrentNoStream(new sharedPb.Empty());
      const e = outcome.expected;
      if (e.kind === 'revision') wev.setExpectedRevision(e.revision.toString());
      else if (e.kind === 'no_stream') wev.setExpectedNoStream(new sharedPb.Empty());
      else if (e.kind === 'stream_exists') wev.setExpectedStreamExists(new sharedPb.Empty());
      else wev.setExpectedAny(new sharedPb.Empty());
      resp.setWrongExpectedVersion(wev);
    }
    callback(null, resp);
  });
}

interface PendingBatch {
  streamName: string;
  expected: ExpectedState;
  events: ProposedEvent[];
}

function handleBatchAppend(log: InMemoryLog, call: grpc.ServerDuplexStream<BatchAppendReq, BatchAppendResp>): void {
  const pending = new Map<string, PendingBatch>();
  call.on('data', (req: BatchAppendReq) => {
    const correlation = req.getCorrelationId();
    const key = uuidToString(correlation);
    let batch = pending.get(key);
    if (req.hasOptions()) {
      const o = req.getOptions()!;
      const expected: ExpectedState = o.hasNoStream() ? { kind: 'no_stream' } : o.hasAny() ? { kind: 'any' } : o.hasStreamExists() ? { kind: 'stream_exists' } : { kind: 'revision', revision: BigInt(o.getStreamPosition()) };
      batch = { streamName: streamNameOf(o.getStreamIdentifier()), expected, events: [] };
      pending.set(key, batch);
    }
    if (!batch) return; // chunk for an unknown batch: the real server ignores it too
    for (const m of req.getProposedMessagesList()) batch.events.push(proposed(m));
    if (!req.getIsFinal()) return;
    pending.delete(key);
    const outcome = log.append(batch.streamName, batch.expected, batch.events);
    const resp = new streamsPb.BatchAppendResp();
    resp.setCorrelationId(correlation);
    resp.setStreamIdentifier(streamIdentifier(batch.streamName));
    const e = batch.expected;
    if (e.kind === 'revision') resp.setStreamPosition(e.revision.toString());
    else if (e.kind === 'no_stream') resp.setNoStream(new emptyPb.Empty());
    else if (e.kind === 'stream_exists') resp.setStreamExists(new emptyPb.Empty());
    else resp.setAny(new emptyPb.Empty());
    if (outcome.ok) {
      const success = new streamsPb.BatchAppendResp.Success();
      if (outcome.currentRevision >= 0n) success.setCurrentRevision(outcome.currentRevision.toString());
      else success.setNoStream(new emptyPb.Empty());
      if (outcome.position !== null) {
        const p = new sharedPb.AllStreamPosition();
        p.setCommitPosition(outcome.position.toString());
        p.setPreparePosition(outcome.position.toString());
        success.setPosition(p);
      } else success.setNoPosition(new emptyPb.Empty());
      resp.setSuccess(success);
    } else {
      const wev = new sharedPb.WrongExpectedVersion();
      if (outcome.currentRevision !== null) wev.setCurrentStreamRevision(outcome.currentRevision.toString());
      else wev.setCurrentNoStream(new emptyPb.Empty());
      if (e.kind === 'revision') wev.setExpectedStreamPosition(e.revision.toString());
      else if (e.kind === 'no_stream') wev.setExpectedNoStream(new emptyPb.Empty());
      else if (e.kind === 'stream_exists') wev.setExpectedStreamExists(new emptyPb.Empty());
      else wev.setExpectedAny(new emptyPb.Empty());
      const details = new anyPb.Any();
      details.pack(wev.serializeBinary(), 'event_store.client.WrongExpectedVersion');
      const status = new statusPb.Status();
      status.setCode(codePb.Code.FAILED_PRECONDITION);
      status.setMessage(`WrongExpectedVersion for stream ${batch.streamName}`);
      status.setDetails(details);
      resp.setError(status);
    }
    call.write(resp);
  });
  call.on('end', () => call.end());
}
