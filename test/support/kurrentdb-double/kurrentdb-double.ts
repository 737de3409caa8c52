// ============================================================================================
// TEST DOUBLE, NOT A STORE. A wire-level stand-in for a single KurrentDB node, for tests and
// local runs on machines without Docker. It is a real gRPC server (@grpc/grpc-js) built on the
// service definitions generated in @kurrent/kurrentdb-client, so the real client (and its Rust
// read bridge) talks to it over HTTP/2 exactly as to a server. It keeps everything IN MEMORY
// (lost on exit), implements only what our adapter uses (ServerFeatures, Streams.Read/Append/
// BatchAppend), no TLS, no authentication, no persistence, no projections, no deletes.
// Never point a deployment at it.
// ============================================================================================
import * as grpc from '@grpc/grpc-js';
import { InMemoryLog } from './in-memory-log.js';
import { serverFeaturesGrpc, streamsGrpc, type ReadReq, type ReadResp } from './protocol.js';
import { createServerFeaturesService } from './server-features-service.js';
import { createStreamsService } from './streams-service.js';

export interface KurrentDbDouble {
  readonly port: number;
  /** Connection string for the client: `kurrentdb://127.0.0.1:<port>?tls=false`. */
  readonly connectionString: string;
  readonly log: InMemoryLog;
  /** Ends every open read/subscription call with UNAVAILABLE, as a node restart would. */
  dropSubscriptions(): number;
  stop(): Promise<void>;
}

export interface KurrentDbDoubleOptions {
  /** 0 (default) = a free port chosen by the OS. */
  readonly port?: number;
  readonly host?: string;
  /** Seed a few `$` system events like a real node has (default true). */
  readonly seedSystemEvents?: boolean;
}

export async function startKurrentDbDouble(options: KurrentDbDoubleOptions = {}): Promise<KurrentDbDouble> {
  const host = options.host ?? '127.0.0.1';
  const log = new InMemoryLog({ seedSystemEvents: options.seedSystemEvents });
  const activeCalls = new Set<grpc.ServerWritableStream<ReadReq, ReadResp>>();
  const dropped = new WeakSet<object>();
  let closing = false;
  const server = new grpc.Server({ 'grpc.max_receive_message_length': 17 * 1024 * 1024 });
  server.addService(streamsGrpc.StreamsService, createStreamsService(log, { activeCalls, dropped, isClosing: () => closing }));
  server.addService(serverFeaturesGrpc.ServerFeaturesService, createServerFeaturesService());
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${host}:${options.port ?? 0}`, grpc.ServerCredentials.createInsecure(), (err, bound) => (err ? reject(err) : resolve(bound))),
  );
  const dropSubscriptions = (): number => {
    let n = 0;
    for (const call of [...activeCalls]) {
      activeCalls.delete(call);
      dropped.add(call);
      call.emit('error', { code: grpc.status.UNAVAILABLE, details: 'KurrentDB test double dropped the call' });
      n++;
    }
    log.wakeWaiters();
    return n;
  };
  return {
    port,
    connectionString: `kurrentdb://${host}:${port}?tls=false`,
    log,
    dropSubscriptions,
    stop: async () => {
      closing = true;
      dropSubscriptions();
      await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
      server.forceShutdown();
    },
  };
}
