import { describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandExecutor } from '../../application/src/command-executor.port.js';
import { loadConfig } from '../../config/src/config.js';
import type { EventStore } from '../../event-store/src/event-store.port.js';
import { startKafkaBridges } from './kafka-bridges.js';

describe('startKafkaBridges without KAFKA_BROKERS', () => {
  it('starts nothing: touches neither the executor, the store nor DATA_DIR', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bridges-'));
    const config = loadConfig({ DATA_DIR: dataDir });
    expect(config.kafka.brokers).toEqual([]);
    const execute = jest.fn<CommandExecutor['execute']>();
    const subscribe = jest.fn<EventStore['subscribe']>();
    const bridges = await startKafkaBridges({ config, commands: { execute }, store: { subscribe } as unknown as EventStore, dataDir });
    await bridges.ready;
    await bridges.stop();
    expect(execute).not.toHaveBeenCalled();
    expect(subscribe).not.toHaveBeenCalled();
    expect(readdirSync(dataDir)).toEqual([]); // no checkpoint file: the publisher starts from its checkpoint once configured
  });
});

describe('startKafkaBridges with an unreachable broker', () => {
  it('does not block the caller, touches nothing, and stops', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bridges-'));
    const config = loadConfig({ DATA_DIR: dataDir, KAFKA_BROKERS: '127.0.0.1:1' }); // nothing listens on port 1
    const execute = jest.fn<CommandExecutor['execute']>();
    const subscribe = jest.fn<EventStore['subscribe']>();
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const t0 = Date.now();
      const bridges = await startKafkaBridges({ config, commands: { execute }, store: { subscribe } as unknown as EventStore, dataDir });
      expect(Date.now() - t0).toBeLessThan(1000);
      let ready = false;
      void bridges.ready.then(() => (ready = true));
      await new Promise((r) => setTimeout(r, 500));
      expect(ready).toBe(false);
      await bridges.stop();
      expect(Date.now() - t0).toBeLessThan(20_000);
      expect(execute).not.toHaveBeenCalled();
      expect(subscribe).not.toHaveBeenCalled(); // the publisher starts only once the broker answered
    } finally {
      warn.mockRestore();
      stderr.mockRestore();
    }
  }, 30_000);
});
