// TEST DOUBLE, NOT A STORE: `ServerFeatures.GetSupportedMethods`, the first call both the
// Node client and its Rust read bridge make after connecting. The double advertises the
// methods it implements, like a KurrentDB 25.x node does for these; the Node client then
// sends appends over BatchAppend (it falls back to Append when a call carries credentials).
import type * as grpc from '@grpc/grpc-js';
import { serverFeaturesPb } from './protocol.js';

export const DOUBLE_SERVER_VERSION = '25.0.0-test-double';

const SUPPORTED: ReadonlyArray<readonly [service: string, method: string, features: readonly string[]]> = [
  ['event_store.client.streams.streams', 'read', ['position', 'events', 'all', 'stream', 'filter']],
  ['event_store.client.streams.streams', 'append', []],
  ['event_store.client.streams.streams', 'batchappend', []],
  ['event_store.client.server_features.serverfeatures', 'getsupportedmethods', []],
];

export function createServerFeaturesService(): grpc.UntypedServiceImplementation {
  return {
    getSupportedMethods: (_call: unknown, callback: grpc.sendUnaryData<InstanceType<typeof serverFeaturesPb.SupportedMethods>>) => {
      const resp = new serverFeaturesPb.SupportedMethods();
      resp.setEventStoreServerVersion(DOUBLE_SERVER_VERSION);
      for (const [service, method, features] of SUPPORTED) {
        const m = new serverFeaturesPb.SupportedMethod();
        m.setServiceName(service);
        m.setMethodName(method);
        m.setFeaturesList([...features]);
        resp.addMethods(m);
      }
      callback(null, resp);
    },
  };
}
