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
