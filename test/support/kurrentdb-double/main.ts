// TEST DOUBLE, NOT A STORE: runs the in-memory KurrentDB double on its own, for local runs of
// the service with EVENT_STORE=kurrentdb KURRENTDB_URL=kurrentdb://127.0.0.1:2113?tls=false.
// Start after the TypeScript build: `npx tsc -p tsconfig.json && npm run dev:kurrentdb-double`.
// Port: KURRENTDB_DOUBLE_PORT (default 2113). Everything is lost when it stops.
import { startKurrentDbDouble } from './kurrentdb-double.js';

const port = Number(process.env.KURRENTDB_DOUBLE_PORT ?? 2113);
const host = process.env.KURRENTDB_DOUBLE_HOST ?? '127.0.0.1';
const double = await startKurrentDbDouble({ port, host });
console.log(`KurrentDB TEST DOUBLE (in memory, not a store) listening on ${host}:${double.port}; connect with ${double.connectionString}`);
const shutdown = (): void => {
  void double.stop().then(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
