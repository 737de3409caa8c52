// Waits until the broker at argv[2] answers metadata with at least one live broker.
// Usage: node wait-ready.mjs host:port timeoutSeconds pid
import kafkajs from 'kafkajs';
const { Kafka, logLevel } = kafkajs;
const [broker, timeoutArg, pidArg] = process.argv.slice(2);
const deadline = Date.now() + Number(timeoutArg ?? 120) * 1000;
const pid = pidArg ? Number(pidArg) : undefined;
const alive = () => { if (!pid) return true; try { process.kill(pid, 0); return true; } catch { return false; } };
const kafka = new Kafka({ clientId: 'kafka-ready-check', brokers: [broker], logLevel: logLevel.NOTHING, connectionTimeout: 1000, retry: { retries: 0 } });
while (Date.now() < deadline) {
  if (!alive()) { console.error(`[kafka] broker process ${pid} exited`); process.exit(2); }
  const admin = kafka.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    if (cluster.brokers.length > 0 && cluster.controller !== null && cluster.controller !== undefined) {
      await admin.disconnect();
      process.exit(0);
    }
  } catch { /* not ready yet */ }
  await admin.disconnect().catch(() => {});
  await new Promise((r) => setTimeout(r, 250));
}
console.error(`[kafka] broker at ${broker} not ready after ${timeoutArg}s`);
process.exit(1);
