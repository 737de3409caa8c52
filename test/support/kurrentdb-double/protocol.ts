// TEST DOUBLE support: the wire protocol of KurrentDB as the client package itself generated
// it (protobuf messages and gRPC service definitions), plus small conversions. Using the
// client's own generated code means the double speaks exactly what the client decodes.
import streamsPbModule from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_pb.js';
import streamsGrpcModule from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_grpc_pb.js';
import sharedPbModule from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/shared_pb.js';
import statusPbModule from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/status_pb.js';
import codePbModule from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/code_pb.js';
import serverFeaturesPbModule from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/serverfeatures_pb.js';
import serverFeaturesGrpcModule from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/serverfeatures_grpc_pb.js';
import anyPbModule from 'google-protobuf/google/protobuf/any_pb.js';
import emptyPbModule from 'google-protobuf/google/protobuf/empty_pb.js';
import timestampPbModule from 'google-protobuf/google/protobuf/timestamp_pb.js';

export const streamsPb = streamsPbModule;
export const streamsGrpc = streamsGrpcModule;
export const sharedPb = sharedPbModule;
export const statusPb = statusPbModule;
export const codePb = codePbModule;
export const serverFeaturesPb = serverFeaturesPbModule;
export const serverFeaturesGrpc = serverFeaturesGrpcModule;
export const anyPb = anyPbModule;
export const emptyPb = emptyPbModule;
export const timestampPb = timestampPbModule;

export type ReadReq = InstanceType<typeof streamsPb.ReadReq>;
export type ReadResp = InstanceType<typeof streamsPb.ReadResp>;
export type AppendReq = InstanceType<typeof streamsPb.AppendReq>;
export type AppendResp = InstanceType<typeof streamsPb.AppendResp>;
export type BatchAppendReq = InstanceType<typeof streamsPb.BatchAppendReq>;
export type BatchAppendResp = InstanceType<typeof streamsPb.BatchAppendResp>;
export type Uuid = InstanceType<typeof sharedPb.UUID>;

const MASK64 = (1n << 64n) - 1n;

/** Parses a UUID sent either as a string or as two signed 64-bit halves (Java/.NET layout). */
export function uuidToString(uuid: Uuid | undefined): string {
  if (!uuid) throw new Error('missing uuid');
  if (uuid.hasString()) return uuid.getString().toLowerCase();
  const s = uuid.getStructured();
  if (!s) throw new Error('empty uuid');
  const msb = BigInt(s.getMostSignificantBits()) & MASK64;
  const lsb = BigInt(s.getLeastSignificantBits()) & MASK64;
  const hex = msb.toString(16).padStart(16, '0') + lsb.toString(16).padStart(16, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Builds a UUID message in the form the reader asked for (ReadReq uuid_option). */
export function uuidMessage(id: string, structured: boolean): Uuid {
  const uuid = new sharedPb.UUID();
  if (!structured) {
    uuid.setString(id);
    return uuid;
  }
  const hex = id.replace(/-/g, '');
  const toSigned = (h: string): string => BigInt.asIntN(64, BigInt(`0x${h}`)).toString(10);
  const st = new sharedPb.UUID.Structured();
  st.setMostSignificantBits(toSigned(hex.slice(0, 16)));
  st.setLeastSignificantBits(toSigned(hex.slice(16)));
  uuid.setStructured(st);
  return uuid;
}

export function streamIdentifier(name: string): InstanceType<typeof sharedPb.StreamIdentifier> {
  const id = new sharedPb.StreamIdentifier();
  id.setStreamName(Buffer.from(name, 'utf8'));
  return id;
}

export function streamNameOf(id: InstanceType<typeof sharedPb.StreamIdentifier> | undefined): string {
  if (!id) throw new Error('missing stream identifier');
  return Buffer.from(id.getStreamName_asU8()).toString('utf8');
}

export function bytesOf(value: Uint8Array | string): Buffer {
  return typeof value === 'string' ? Buffer.from(value, 'base64') : Buffer.from(value);
}
