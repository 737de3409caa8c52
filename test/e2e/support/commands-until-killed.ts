// Child process of crash-durability.spec.ts: sends RegisterEnrolment commands through the
// real executor on the embedded store (synchronous=FULL), many at once, and prints one line
// per acknowledged command, until it is killed.
import { randomUUID } from 'node:crypto';
import { createCore } from '../../../apps/service/src/core.js';
import { loadConfig } from '../../../libs/config/src/config.js';

const core = await createCore(loadConfig({ DATA_DIR: process.argv[2], AUTH_JWT_SECRET: 'crash' }), { projections: false });
const actor = { role: 'institution', institutionId: 'UGENT' } as const;
let n = 0;
const worker = async () => {
  for (;;) {
    const studentId = `crash-${n++}`;
    const command = {
      commandId: randomUUID(),
      type: 'RegisterEnrolment',
      studentId,
      payload: { enrolmentId: 'e1', academicYear: '2025-2026', programme: { code: 'BA', kind: 'bachelor' }, contract: 'diploma', enrolledOn: '2025-09-23', components: [{ componentId: 'a', credits: 30, term: 'S1' }] },
    };
    await core.commands.execute(command, actor);
    process.stdout.write(`${JSON.stringify(command)}\n`); // acknowledged: the append committed
  }
};
await Promise.all(Array.from({ length: 64 }, worker));
