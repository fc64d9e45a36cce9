// compose.yaml, checked statically (no container engine on the CI machine): several replicas of the image the
// Dockerfile builds, Redis shared by them, health checks on the app's /healthz, a load balancer in front whose
// configuration reaches the app's port.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// biome-ignore lint/suspicious/noExplicitAny: the YAML is inspected freely
type Json = Record<string, any>;
const compose = parse(readFileSync(`${ROOT}compose.yaml`, 'utf8')) as Json;
const services = compose.services as Record<string, Json>;

describe('compose.yaml', () => {
  it('runs at least two replicas of the image built from the Dockerfile', () => {
    const app = services.app ?? {};
    expect(app.build).toEqual({ context: '.', dockerfile: 'Dockerfile' });
    expect(existsSync(`${ROOT}${app.build.dockerfile}`)).toBe(true);
    expect(app.deploy.replicas).toBeGreaterThanOrEqual(2);
    // Replicas cannot share a published host port: only the balancer publishes one.
    expect(app.ports).toBeUndefined();
    expect(app.expose).toContain('3000');
  });

  it('gives the app its variables, required where the app cannot start without them, and Redis', () => {
    const env = services.app?.environment as Record<string, string>;
    for (const name of ['APP_ID', 'PRIVATE_KEY', 'WEBHOOK_SECRET'])
      expect(env[name]).toMatch(new RegExp(`^\\$\\{${name}:\\?`));
    expect(env.REDIS_URL).toBe('redis://redis:6379');
    expect(Object.keys(env)).toContain('GHE_HOST');
    expect(services.app?.depends_on?.redis?.condition).toBe('service_healthy');
  });

  it("checks the app's health on /healthz, as the Dockerfile does", () => {
    const test = (services.app?.healthcheck?.test ?? []) as string[];
    expect(test[0]).toBe('CMD');
    expect(test.join(' ')).toContain('/healthz');
    expect(readFileSync(`${ROOT}Dockerfile`, 'utf8')).toMatch(/HEALTHCHECK[\s\S]*\/healthz/);
    expect(services.redis?.healthcheck?.test).toEqual(['CMD', 'redis-cli', 'ping']);
  });

  it('puts a load balancer in front whose configuration forwards to the app service on its port', () => {
    const lb = services.lb ?? {};
    expect(lb.ports).toEqual(['3000:3000']);
    expect(lb.depends_on?.app?.condition).toBe('service_healthy');
    const [mount = ''] = lb.volumes as string[];
    const [source = '', target] = mount.split(':');
    expect(target).toBe('/etc/nginx/conf.d/default.conf');
    const conf = readFileSync(`${ROOT}${source.replace(/^\.\//, '')}`, 'utf8');
    expect(conf).toMatch(/server app:3000 resolve;/);
    expect(conf).toMatch(/listen 3000;/);
    expect(conf).toMatch(/proxy_pass http:\/\/change_gate;/);
    // Braces balance: nginx would refuse the file otherwise.
    expect(conf.split('{').length).toBe(conf.split('}').length);
  });

  it('names only services that exist and keeps Redis data in a volume', () => {
    for (const service of Object.values(services)) {
      for (const dependency of Object.keys(service.depends_on ?? {}))
        expect(services).toHaveProperty(dependency);
    }
    expect(services.redis?.volumes).toEqual(['redis-data:/data']);
    expect(compose.volumes).toHaveProperty('redis-data');
  });
});
