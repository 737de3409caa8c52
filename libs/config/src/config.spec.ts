import { ConfigError, DEV_JWT_SECRET, loadConfig } from './config.js';

describe('configuration from the environment', () => {
  it('runs with nothing set: development mode, port 3000, ./data, SQLite, the documented dev secret', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ mode: 'development', port: 3000, eventStore: 'sqlite', sqliteSynchronous: 'FULL' });
    expect(c.dataDir.endsWith('/data')).toBe(true);
    expect(c.auth).toMatchObject({ jwtSecret: DEV_JWT_SECRET, usingDevSecret: true });
    expect(c.kafka.brokers).toEqual([]);
  });
  it('production refuses to start without JWKS, issuer and audience, and refuses an HS256 secret', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production', AUTH_JWKS_URL: 'https://idp/jwks' })).toThrow(/AUTH_ISSUER/);
    const prod = { NODE_ENV: 'production', AUTH_JWKS_URL: 'https://idp/jwks', AUTH_ISSUER: 'https://idp', AUTH_AUDIENCE: 'learning-account' };
    expect(() => loadConfig({ ...prod, AUTH_JWT_SECRET: 's' })).toThrow(/AUTH_JWT_SECRET/);
    expect(loadConfig(prod).auth).toMatchObject({ jwksUrl: 'https://idp/jwks', jwtSecret: undefined, usingDevSecret: false });
  });
  it('refuses bad values clearly', () => {
    expect(() => loadConfig({ PORT: 'x' })).toThrow(/PORT/);
    expect(() => loadConfig({ EVENT_STORE: 'mongo' })).toThrow(/EVENT_STORE/);
    expect(() => loadConfig({ EVENT_STORE: 'kurrentdb' })).toThrow(/KURRENTDB_URL/);
    expect(() => loadConfig({ SQLITE_SYNCHRONOUS: 'OFF' })).toThrow(/SQLITE_SYNCHRONOUS/);
  });
  it('reads the Kafka settings', () => {
    expect(loadConfig({ KAFKA_BROKERS: 'a:1, b:2', KAFKA_TOPIC_PREFIX: 'la' }).kafka).toEqual({ brokers: ['a:1', 'b:2'], clientId: 'learning-account-service', topicPrefix: 'la' });
  });
});

describe('NATIONAL_POLICY: the national knobs of rules.md as data', () => {
  it('reads the knobs by their rule names', () => {
    const knobs = { 'bonus.creditContractConsumes': true, 'rebuild.stopsOnReenrolment': true, 'reorientation.halfWindowEndsInclusive': '02-28', 'fees.maxRaisedFeePerCredit': { '2026-2027': 11.4 } };
    expect(loadConfig({ NATIONAL_POLICY: JSON.stringify(knobs) }).nationalPolicy).toEqual(knobs);
    expect(loadConfig({}).nationalPolicy).toEqual({});
  });
  it('refuses unknown knobs and bad values', () => {
    expect(() => loadConfig({ NATIONAL_POLICY: '{' })).toThrow(/JSON/);
    expect(() => loadConfig({ NATIONAL_POLICY: '{"bonus.doubled": 2}' })).toThrow(/unknown knob/);
    expect(() => loadConfig({ NATIONAL_POLICY: '{"rebuild.stopsOnReenrolment": "yes"}' })).toThrow(/true or false/);
    expect(() => loadConfig({ NATIONAL_POLICY: '{"reorientation.halfWindowEndsInclusive": "3-15"}' })).toThrow(/MM-DD/);
    expect(() => loadConfig({ NATIONAL_POLICY: '{"fees.maxRaisedFeePerCredit": {"2026-2028": 11}}' })).toThrow(/academic years/);
  });
});
