// `node --import ./test/support/register-ts.mjs some.ts`: runs the repo's TypeScript
// (ESM, `.js` import specifiers) in a plain Node process, transpiled by @swc/core with the
// same options as jest. Used by tests that run apps or stores as real child processes
// (so they can be SIGKILLed) and by the throughput benchmark.
import { register } from 'node:module';

register('./ts-loader.mjs', import.meta.url);
