// Configuration comes from the environment only (README has the table). Every variable the
// code reads is named in ENV_VARS, so a test can check docker-compose.yml against it.
import { resolve } from 'node:path';

export const DEV_JWT_SECRET = 'dev-only-learning-account-secret-change-me';

export interface AppConfig {
  readonly mode: 'development' | 'production';
  readonly port: number;
  readonly dataDir: string;
  readonly eventStore: 'sqlite' | 'kurrentdb';
  readonly kurrentdbUrl: string | undefined;
  readonly auth: {
    readonly jwtSecret: string | undefined;
    readonly jwksUrl: string | undefined;
    readonly issuer: string | undefined;
    readonly audience: string | undefined;
    readonly usingDevSecret: boolean;
  };
  readonly kafka: {
    readonly brokers: readonly string[];
    readonly clientId: string;
    readonly topicPrefix: string;
  };
  /** SQLite synchronous mode of the embedded store: FULL = every commit is fsynced. */
  readonly sqliteSynchronous: 'FULL' | 'NORMAL';
  /** National policy knobs of rules.md (NATIONAL_POLICY, JSON); absent knobs keep their defaults. */
  readonly nationalPolicy: NationalPolicyKnobs;
}

/** The national knobs of rules.md, by their names there. */
export interface NationalPolicyKnobs {
  readonly 'bonus.creditContractConsumes'?: boolean;
  readonly 'rebuild.stopsOnReenrolment'?: boolean;
  readonly 'reorientation.halfWindowEndsInclusive'?: string;
  /** Euro per uncovered credit, per academic year (R27). */
  readonly 'fees.maxRaisedFeePerCredit'?: Readonly<Record<string, number>>;
}

function parseNationalPolicy(json: string | undefined): NationalPolicyKnobs {
  if (!json) return {};
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch {
    throw new ConfigError('NATIONAL_POLICY must be a JSON object');
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ConfigError('NATIONAL_POLICY must be a JSON object');
  const o = v as Record<string, unknown>;
  const known = ['bonus.creditContractConsumes', 'rebuild.stopsOnReenrolment', 'reorientation.halfWindowEndsInclusive', 'fees.maxRaisedFeePerCredit'];
  for (const k of Object.keys(o)) if (!known.includes(k)) throw new ConfigError(`NATIONAL_POLICY: unknown knob ${k} (known: ${known.join(', ')})`);
  for (const k of ['bonus.creditContractConsumes', 'rebuild.stopsOnReenrolment']) {
    if (o[k] !== undefined && typeof o[k] !== 'boolean') throw new ConfigError(`NATIONAL_POLICY: ${k} must be true or false`);
  }
  const window = o['reorientation.halfWindowEndsInclusive'];
  if (window !== undefined && (typeof window !== 'string' || !/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(window))) {
    throw new ConfigError('NATIONAL_POLICY: reorientation.halfWindowEndsInclusive must be MM-DD');
  }
  const fees = o['fees.maxRaisedFeePerCredit'];
  if (fees !== undefined) {
    const ok = typeof fees === 'object' && fees !== null && !Array.isArray(fees) &&
      Object.entries(fees).every(([year, fee]) => /^\d{4}-\d{4}$/.test(year) && Number(year.slice(5)) === Number(year.slice(0, 4)) + 1 && typeof fee === 'number' && fee >= 0);
    if (!ok) throw new ConfigError('NATIONAL_POLICY: fees.maxRaisedFeePerCredit must map academic years ("2026-2027") to euro amounts');
  }
  return o as NationalPolicyKnobs;
}

/** Every environment variable the service reads. */
export const ENV_VARS = [
  'NODE_ENV',
  'PORT',
  'DATA_DIR',
  'EVENT_STORE',
  'KURRENTDB_URL',
  'AUTH_JWT_SECRET',
  'AUTH_JWKS_URL',
  'AUTH_ISSUER',
  'AUTH_AUDIENCE',
  'KAFKA_BROKERS',
  'KAFKA_CLIENT_ID',
  'KAFKA_TOPIC_PREFIX',
  'SQLITE_SYNCHRONOUS',
  'NATIONAL_POLICY',
] as const;

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const mode = env.NODE_ENV === 'production' ? 'production' : 'development';
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`PORT must be a port number, got ${env.PORT}`);
  const eventStore = (env.EVENT_STORE ?? 'sqlite') as AppConfig['eventStore'];
  if (eventStore !== 'sqlite' && eventStore !== 'kurrentdb') throw new ConfigError(`EVENT_STORE must be sqlite or kurrentdb, got ${env.EVENT_STORE}`);
  if (eventStore === 'kurrentdb' && !env.KURRENTDB_URL) throw new ConfigError('EVENT_STORE=kurrentdb needs KURRENTDB_URL');
  const jwksUrl = env.AUTH_JWKS_URL || undefined;
  let jwtSecret = env.AUTH_JWT_SECRET || undefined;
  let usingDevSecret = false;
  if (mode === 'production') {
    if (!jwksUrl) throw new ConfigError('production mode (NODE_ENV=production) needs AUTH_JWKS_URL, AUTH_ISSUER and AUTH_AUDIENCE');
    if (!env.AUTH_ISSUER || !env.AUTH_AUDIENCE) throw new ConfigError('production mode needs AUTH_ISSUER and AUTH_AUDIENCE');
    if (jwtSecret) throw new ConfigError('production mode does not accept AUTH_JWT_SECRET (HS256 is for development and tests)');
  } else if (!jwtSecret && !jwksUrl) {
    jwtSecret = DEV_JWT_SECRET;
    usingDevSecret = true;
  }
  const synchronous = (env.SQLITE_SYNCHRONOUS ?? 'FULL').toUpperCase();
  if (synchronous !== 'FULL' && synchronous !== 'NORMAL') throw new ConfigError('SQLITE_SYNCHRONOUS must be FULL or NORMAL');
  return {
    mode,
    port,
    dataDir: resolve(env.DATA_DIR ?? './data'),
    eventStore,
    kurrentdbUrl: env.KURRENTDB_URL || undefined,
    auth: { jwtSecret, jwksUrl, issuer: env.AUTH_ISSUER || undefined, audience: env.AUTH_AUDIENCE || undefined, usingDevSecret },
    kafka: {
      brokers: (env.KAFKA_BROKERS ?? '').split(',').map((b) => b.trim()).filter(Boolean),
      clientId: env.KAFKA_CLIENT_ID ?? 'learning-account-service',
      topicPrefix: env.KAFKA_TOPIC_PREFIX ?? 'learning-account',
    },
    sqliteSynchronous: synchronous,
    nationalPolicy: parseNationalPolicy(env.NATIONAL_POLICY),
  };
}
