// Prints development tokens (HS256, AUTH_JWT_SECRET or the development secret) for each
// role: npm run tokens [-- --institution UGENT --student stu-1 --hours 12]
import { SignJWT } from 'jose';
import { loadConfig } from '../../../../libs/config/src/config.js';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};

async function main() {
  const config = loadConfig();
  if (!config.auth.jwtSecret) throw new Error('no AUTH_JWT_SECRET: tokens come from your identity provider in production');
  const key = new TextEncoder().encode(config.auth.jwtSecret);
  const hours = Number(arg('hours', '12'));
  const institution = arg('institution', 'UGENT');
  const student = arg('student', 'stu-8841');
  const claims = {
    institution: { sub: `institution-${institution}`, role: 'institution', institutionId: institution },
    student: { sub: `student-${student}`, role: 'student', studentId: student },
    auditor: { sub: 'auditor-1', role: 'auditor' },
    operator: { sub: 'operator-1', role: 'operator' },
  };
  for (const [name, c] of Object.entries(claims)) {
    const jwt = await new SignJWT(c).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuedAt().setExpirationTime(`${hours}h`).sign(key);
    console.log(`${name.toUpperCase()}_TOKEN=${jwt}`);
  }
}

main().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
