// docker-compose.yml is configured only with what the service reads (ENV_VARS), and its
// ports and URLs point at services and ports that exist in the file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ENV_VARS, loadConfig } from '../../libs/config/src/config.js';

interface ComposeService {
  image?: string;
  build?: unknown;
  environment?: Record<string, string | number | boolean | null> | string[];
  ports?: Array<string | number | { target: number; published?: number | string }>;
  expose?: Array<string | number>;
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: unknown };
}

const root = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..', '..');
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8')) as { services: Record<string, ComposeService> };
const services = compose.services;
/** Services built from this repository: the service's apps. */
const apps = Object.entries(services).filter(([, s]) => s.build !== undefined);

/** Environment as a map; `${VAR:-default}` interpolations resolve to their default. */
function envOf(service: ComposeService): Record<string, string> {
  const raw = service.environment ?? {};
  const pairs: Array<[string, string]> = Array.isArray(raw)
    ? raw.map((entry) => {
        const at = entry.indexOf('=');
        return at < 0 ? [entry, ''] : [entry.slice(0, at), entry.slice(at + 1)];
      })
    : Object.entries(raw).map(([k, v]) => [k, v === null ? '' : String(v)]);
  return Object.fromEntries(pairs.map(([k, v]) => [k, v.replace(/\$\{[A-Z0-9_]+:-([^}]*)\}/g, '$1')]));
}

/** Container-side ports a service declares (ports targets and expose). */
function containerPorts(service: ComposeService): number[] {
  const fromPorts = (service.ports ?? []).map((p) => {
    if (typeof p === 'object') return Number(p.target);
    const parts = String(p).split('/')[0]!.split(':');
    return Number(parts[parts.length - 1]);
  });
  return [...fromPorts, ...(service.expose ?? []).map((p) => Number(String(p).split('/')[0]))];
}

function dependsOn(service: ComposeService): Record<string, string | undefined> {
  const d = service.depends_on ?? [];
  return Array.isArray(d) ? Object.fromEntries(d.map((n) => [n, undefined])) : Object.fromEntries(Object.entries(d).map(([n, v]) => [n, v.condition]));
}

describe('docker-compose.yml', () => {
  it('has the service app, KurrentDB and Kafka', () => {
    expect(apps.map(([name]) => name)).toContain('service');
    expect(services.kurrentdb?.image).toMatch(/^docker\.kurrent\.io\/kurrent-[a-z]+\/kurrentdb:/);
    expect(services.kafka?.image).toMatch(/^apache\/kafka:4\./);
  });

  describe.each(apps)('app %s', (name, app) => {
    const env = envOf(app);

    it('sets only environment variables the service reads (ENV_VARS)', () => {
      const known = new Set<string>(ENV_VARS);
      const unknown = Object.keys(env).filter((k) => !known.has(k));
      expect(unknown).toEqual([]);
      expect(Object.keys(env).length).toBeGreaterThan(0);
    });

    it('is accepted by loadConfig and uses KurrentDB', () => {
      const config = loadConfig(env);
      expect(config.eventStore).toBe('kurrentdb');
      expect(config.kafka.brokers.length).toBeGreaterThan(0);
    });

    it('publishes exactly the port the app listens on (PORT)', () => {
      const port = loadConfig(env).port;
      const targets = containerPorts(app);
      expect(targets.length).toBeGreaterThan(0);
      for (const t of targets) expect(t).toBe(port);
    });

    it('points KURRENTDB_URL at the KurrentDB service and its port, without TLS like the node', () => {
      const url = new URL(env.KURRENTDB_URL!);
      expect(url.protocol).toBe('kurrentdb:');
      const target = services[url.hostname];
      expect(target).toBeDefined();
      expect(target!.image).toMatch(/kurrentdb/);
      const port = Number(url.port || 2113);
      const nodeEnv = envOf(target!);
      expect(Number(nodeEnv.KURRENTDB_NODE_PORT ?? 2113)).toBe(port);
      expect(containerPorts(target!)).toContain(port);
      expect(url.searchParams.get('tls')).toBe('false');
      expect(nodeEnv.KURRENTDB_INSECURE).toBe('true');
      expect(dependsOn(app)[url.hostname]).toBe('service_healthy');
      expect(target!.healthcheck?.test).toBeDefined();
    });

    it('points KAFKA_BROKERS at a Kafka service listener advertised under that name and port', () => {
      const brokers = env.KAFKA_BROKERS!.split(',').map((b) => b.trim());
      expect(brokers.length).toBeGreaterThan(0);
      for (const broker of brokers) {
        const [host, port] = broker.split(':');
        const target = services[host!];
        expect(target).toBeDefined();
        const kenv = envOf(target!);
        const advertised = kenv.KAFKA_ADVERTISED_LISTENERS!.split(',').map((l) => l.replace(/^[A-Z_]+:\/\//, ''));
        expect(advertised).toContain(`${host}:${port}`);
        const listeners = kenv.KAFKA_LISTENERS!.split(',').map((l) => l.replace(/^[A-Z_]+:\/\/[^:]*:/, ''));
        expect(listeners).toContain(port);
        expect(kenv.KAFKA_PROCESS_ROLES).toBe('broker,controller');
        expect(dependsOn(app)[host!]).toBe('service_healthy');
        expect(target!.healthcheck?.test).toBeDefined();
      }
    });

    it('keeps DATA_DIR on a volume', () => {
      const volumes = ((app as { volumes?: string[] }).volumes ?? []).map((v) => v.split(':')[1]);
      expect(volumes).toContain(env.DATA_DIR);
    });
  });

  it('builds the image with npm ci and npm run build, and runs the service entry point with node', () => {
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^FROM node:20/m);
    expect(dockerfile).toMatch(/RUN npm ci/);
    expect(dockerfile).toMatch(/npm run build/);
    expect(dockerfile).toContain('CMD ["node", "dist/apps/service/src/main.js"]');
  });
});
