// What a crash can and cannot lose (README): every command the service acknowledged is on
// disk after the process is killed (SIGKILL, no shutdown), the store opens cleanly, every
// stream is gap-free, and resending an acknowledged command answers duplicate.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore } from '../../apps/service/src/core.js';
import { loadConfig } from '../../libs/config/src/config.js';
import { SqliteEventStore } from '../../libs/event-store/src/sqlite/sqlite-event-store.js';

const REPO = process.cwd();

it('keeps every acknowledged command across a SIGKILL, and resends are duplicates', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'la-crash-'));
  const child = spawn(process.execPath, ['--import', join(REPO, 'test/support/register-ts.mjs'), join(REPO, 'test/e2e/support/commands-until-killed.ts'), dir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const acked: { commandId: string; studentId: string }[] = [];
  let buffer = '';
  await new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`child exited early (${code})`)));
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const l of lines) acked.push(JSON.parse(l));
      if (acked.length >= 2000) {
        child.removeAllListeners('exit');
        child.kill('SIGKILL');
        child.on('exit', () => resolve());
      }
    });
  });

  const store = new SqliteEventStore({ file: join(dir, 'events.sqlite') });
  for (const a of acked) {
    const events = await store.readByCommandId(a.commandId);
    expect(events.map((e) => e.type)).toEqual(['AccountOpened', 'EnrolmentRegistered', 'CreditsReserved']);
    expect(events.map((e) => e.revision)).toEqual([0, 1, 2]);
    expect(events.every((e) => e.streamId === `learning-account-${a.studentId}`)).toBe(true);
  }
  await store.close();

  const core = await createCore(loadConfig({ DATA_DIR: dir, AUTH_JWT_SECRET: 'crash' }), { projections: false });
  const actor = { role: 'institution', institutionId: 'UGENT' } as const;
  for (const a of acked.slice(0, 200)) expect((await core.commands.execute(a, actor)).duplicate).toBe(true);
  await core.close();
}, 120_000);
