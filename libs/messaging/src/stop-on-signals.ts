// Graceful stop of a standalone Kafka app on SIGTERM/SIGINT (once), then exit.
export function stopOnSignals(name: string, stop: () => Promise<void>): void {
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.warn(`${name}: ${signal}, stopping`);
    await stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}
