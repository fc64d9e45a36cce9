import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createNodeHttpFetch } from '../../action/src/node-http-fetch.ts';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

interface Loopback {
  url: string;
  seen: Seen[];
  /** Connections the server accepted. */
  connections: number;
  close(): Promise<void>;
}

const servers: Loopback[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A real HTTP server on 127.0.0.1 that records each request and answers with `handle`. */
async function loopback(
  handle: (request: IncomingMessage, response: ServerResponse, seen: Seen) => void,
  options: { keepAliveTimeoutMs?: number } = {},
): Promise<Loopback> {
  const seen: Seen[] = [];
  const sockets = new Set<Socket>();
  const state = { connections: 0 };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const entry = {
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      seen.push(entry);
      handle(request, response, entry);
    });
  });
  if (options.keepAliveTimeoutMs !== undefined) server.keepAliveTimeout = options.keepAliveTimeoutMs;
  server.on('connection', (socket) => {
    state.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const handleObject: Loopback = {
    url: `http://127.0.0.1:${port}`,
    seen,
    get connections() {
      return state.connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  servers.push(handleObject);
  return handleObject;
}

const json = (
  response: ServerResponse,
  status: number,
  data: unknown,
  headers: Record<string, string> = {},
) => {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  response.end(JSON.stringify(data));
};

/** The error a rejected promise gave, for assertions on its type, message and cause. */
const failureOf = async (promise: Promise<unknown>): Promise<Error & { cause?: { code?: string } }> => {
  try {
    await promise;
  } catch (error) {
    return error as Error & { cause?: { code?: string } };
  }
  throw new Error('expected the promise to reject');
};

describe('createNodeHttpFetch', () => {
  it('sends the method, headers and body, and reads the status, headers and JSON body', async () => {
    const github = await loopback((_request, response) =>
      json(response, 201, { id: 7, name: 'ü' }, { 'x-ratelimit-remaining': '4999' }),
    );
    const fetch = createNodeHttpFetch({ proxyEnv: {} });
    const response = await fetch(`${github.url}/repos/acme/shop/deployments?per_page=1`, {
      method: 'post',
      headers: { Authorization: 'token ghs_x', 'content-type': 'application/json' },
      body: JSON.stringify({ ref: 'main', note: 'ü' }),
    });
    expect(response.status).toBe(201);
    expect(response.statusText).toBe('Created');
    expect(response.ok).toBe(true);
    expect(response.url).toBe(`${github.url}/repos/acme/shop/deployments?per_page=1`);
    expect(response.redirected).toBe(false);
    expect(response.headers.get('X-RateLimit-Remaining')).toBe('4999');
    expect(Object.fromEntries(response.headers)).toMatchObject({
      'content-type': 'application/json; charset=utf-8',
      'x-ratelimit-remaining': '4999',
    });
    expect(await response.json()).toEqual({ id: 7, name: 'ü' });
    expect(response.bodyUsed).toBe(true);
    await expect(response.text()).rejects.toThrow(/already been read/);
    const [request] = github.seen;
    expect(request).toMatchObject({
      method: 'POST',
      url: '/repos/acme/shop/deployments?per_page=1',
      body: '{"ref":"main","note":"ü"}',
    });
    expect(request?.headers).toMatchObject({
      authorization: 'token ghs_x',
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength('{"ref":"main","note":"ü"}')),
      'accept-encoding': 'identity',
    });
  });

  it('talks HTTPS (node:https, TLS verified against the trusted certificates), keeping the connection', async (context) => {
    // A certificate for 127.0.0.1, made for this test and trusted for its duration.
    const dir = mkdtempSync(join(tmpdir(), 'change-gate-tls-'));
    try {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=127.0.0.1',
          '-addext',
          'subjectAltName=IP:127.0.0.1',
          '-keyout',
          join(dir, 'key.pem'),
          '-out',
          join(dir, 'cert.pem'),
        ],
        { stdio: 'ignore' },
      );
    } catch {
      rmSync(dir, { recursive: true, force: true });
      context.skip('openssl is not installed');
    }
    const cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
    const key = readFileSync(join(dir, 'key.pem'), 'utf8');
    rmSync(dir, { recursive: true, force: true });
    let connections = 0;
    const server = createTlsServer({ cert, key }, (request, response) =>
      json(response, 200, { at: request.url }),
    );
    server.on('secureConnection', () => connections++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const trusted = getCACertificates('default');
    try {
      // Not trusted yet: the TLS handshake fails, and so does the request (never sent in the clear).
      const untrusted = await failureOf(createNodeHttpFetch({ proxyEnv: {} })(`${url}/a`));
      expect(untrusted).toBeInstanceOf(TypeError);
      expect(String((untrusted.cause as Error).message)).toMatch(/self[- ]signed|certificate/i);
      setDefaultCACertificates([...trusted, cert]);
      const fetch = createNodeHttpFetch({ proxyEnv: {} });
      expect(await (await fetch(`${url}/b`)).json()).toEqual({ at: '/b' });
      expect(await (await fetch(`${url}/c`)).json()).toEqual({ at: '/c' });
      // The refused handshake never became a connection; the two requests shared one.
      expect(connections).toBe(1);
    } finally {
      setDefaultCACertificates(trusted);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('keeps the connection: requests one after another share one socket', async () => {
    const github = await loopback((_request, response) => json(response, 200, { ok: true }));
    const fetch = createNodeHttpFetch({ proxyEnv: {} });
    for (let index = 0; index < 3; index++) {
      const response = await fetch(`${github.url}/n/${index}`);
      expect(await response.json()).toEqual({ ok: true });
    }
    expect(github.seen.map((request) => request.url)).toEqual(['/n/0', '/n/1', '/n/2']);
    expect(github.connections).toBe(1);
  });

  it('keeps the connection of a server that says keep-alive: timeout=1, requests close together', async () => {
    const github = await loopback((_request, response) => json(response, 200, { ok: true }), {
      keepAliveTimeoutMs: 1000,
    });
    const fetch = createNodeHttpFetch({ proxyEnv: {} });
    for (let index = 0; index < 3; index++) {
      const response = await fetch(`${github.url}/n/${index}`);
      expect(response.headers.get('keep-alive')).toBe('timeout=1');
      await response.json();
    }
    expect(github.connections).toBe(1);
  });

  it('reads an empty answer (204) and a text one, and decodes a gzip body it did not ask for', async () => {
    const github = await loopback((request, response) => {
      if (request.url === '/empty') {
        response.writeHead(204);
        response.end();
      } else if (request.url === '/gzip') {
        response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
        response.end(gzipSync(JSON.stringify({ compressed: true })));
      } else {
        response.writeHead(404, { 'content-type': 'text/plain' });
        response.end('Not Found');
      }
    });
    const fetch = createNodeHttpFetch({ proxyEnv: {} });
    const empty = await fetch(`${github.url}/empty`, { method: 'DELETE' });
    expect(empty.status).toBe(204);
    expect(empty.body).toBeNull();
    expect(await empty.text()).toBe('');
    const gzip = await fetch(`${github.url}/gzip`);
    expect(await gzip.json()).toEqual({ compressed: true });
    const missing = await fetch(`${github.url}/missing`);
    expect(missing.status).toBe(404);
    expect(missing.ok).toBe(false);
    expect(new Uint8Array(await missing.arrayBuffer())).toEqual(new Uint8Array(Buffer.from('Not Found')));
  });

  it('streams the body for a caller that asks for it', async () => {
    const github = await loopback((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      response.end(Buffer.from([1, 2, 3]));
    });
    const response = await createNodeHttpFetch({ proxyEnv: {} })(`${github.url}/blob`);
    const bytes: number[] = [];
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) bytes.push(...chunk);
    expect(bytes).toEqual([1, 2, 3]);
  });

  it('follows redirects as fetch does: 307 keeps the POST, 303 turns it into a GET, no token to another origin', async () => {
    const other = await loopback((_request, response) => json(response, 200, { other: true }));
    const github = await loopback((request, response) => {
      if (request.url === '/keep') {
        response.writeHead(307, { location: '/kept' });
        response.end();
      } else if (request.url === '/see-other') {
        response.writeHead(303, { location: `${github.url}/seen` });
        response.end();
      } else if (request.url === '/away') {
        response.writeHead(302, { location: `${other.url}/elsewhere` });
        response.end();
      } else {
        json(response, 200, { at: request.url });
      }
    });
    const fetch = createNodeHttpFetch({ proxyEnv: {} });
    const init = { method: 'POST', headers: { authorization: 'token ghs_x' }, body: '{"a":1}' };
    const kept = await fetch(`${github.url}/keep`, init);
    expect(await kept.json()).toEqual({ at: '/kept' });
    expect(kept.redirected).toBe(true);
    expect(kept.url).toBe(`${github.url}/kept`);
    expect(github.seen.at(-1)).toMatchObject({ method: 'POST', url: '/kept', body: '{"a":1}' });
    expect(github.seen.at(-1)?.headers.authorization).toBe('token ghs_x');

    const seen = await fetch(`${github.url}/see-other`, init);
    expect(await seen.json()).toEqual({ at: '/seen' });
    expect(github.seen.at(-1)).toMatchObject({ method: 'GET', url: '/seen', body: '' });

    const away = await fetch(`${github.url}/away`, { headers: { authorization: 'token ghs_x' } });
    expect(await away.json()).toEqual({ other: true });
    expect(other.seen).toHaveLength(1);
    expect(other.seen[0]?.headers.authorization).toBeUndefined();
  });

  it('gives a redirect back with redirect: manual, fails with error, and stops after 20', async () => {
    const github = await loopback((request, response) => {
      response.writeHead(301, { location: `/loop${request.url}` });
      response.end();
    });
    const fetch = createNodeHttpFetch({ proxyEnv: {} });
    const manual = await fetch(`${github.url}/x`, { redirect: 'manual' });
    expect(manual.status).toBe(301);
    expect(manual.headers.get('location')).toBe('/loop/x');
    const refused = await failureOf(fetch(`${github.url}/x`, { redirect: 'error' }));
    expect(refused).toBeInstanceOf(TypeError);
    expect(String((refused.cause as Error).message)).toMatch(/redirects are refused/);
    const before = github.seen.length;
    const loop = await failureOf(fetch(`${github.url}/x`));
    expect(loop).toBeInstanceOf(TypeError);
    expect(loop.message).toBe('fetch failed');
    expect(String((loop.cause as Error).message)).toMatch(/more than 20 redirects/);
    expect(github.seen.length - before).toBe(21);
  });

  it('fails with fetch’s TypeError and the socket’s code when nothing listens', async () => {
    const github = await loopback(() => {});
    const url = github.url;
    await github.close();
    servers.splice(servers.indexOf(github), 1);
    const failure = await failureOf(createNodeHttpFetch({ proxyEnv: {} })(`${url}/x`));
    expect(failure).toBeInstanceOf(TypeError);
    expect(failure.message).toBe('fetch failed');
    expect(failure.cause?.code).toBe('ECONNREFUSED');
  });

  it('fails, never reads a short body as whole, when the connection drops mid-answer', async () => {
    const github = await loopback((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      response.write('{"check_runs": [');
      setTimeout(() => response.socket?.destroy(), 20);
    });
    const response = await createNodeHttpFetch({ proxyEnv: {} })(`${github.url}/x`);
    expect(response.status).toBe(200);
    const failure = await failureOf(response.text());
    expect(failure).toBeInstanceOf(TypeError);
    expect(failure.message).toBe('fetch failed');
  });

  it('fails the read, and crashes nothing, when the connection dropped before the body is read', async () => {
    const github = await loopback((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      response.write('{"check_runs": [', () => setTimeout(() => response.socket?.destroy(), 10));
    });
    const response = await createNodeHttpFetch({ proxyEnv: {} })(`${github.url}/x`);
    // The connection drops while nobody reads the body.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const failure = await failureOf(response.text());
    expect(failure).toBeInstanceOf(TypeError);
    expect(failure.message).toBe('fetch failed');
  });

  it('fails with ETIMEDOUT when the server goes silent for the idle timeout', async () => {
    const github = await loopback(() => {
      // Never answers.
    });
    const failure = await failureOf(
      createNodeHttpFetch({ proxyEnv: {}, idleTimeoutMs: 150 })(`${github.url}/x`),
    );
    expect(failure).toBeInstanceOf(TypeError);
    expect(failure.cause?.code).toBe('ETIMEDOUT');
    expect(String((failure.cause as Error).message)).toContain('127.0.0.1');
  });

  it('rejects with an AbortError when the signal aborts, before or during the request', async () => {
    const github = await loopback(() => {});
    const fetch = createNodeHttpFetch({ proxyEnv: {} });
    const controller = new AbortController();
    const pending = fetch(`${github.url}/x`, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    expect((await failureOf(pending)).name).toBe('AbortError');
    expect((await failureOf(fetch(`${github.url}/y`, { signal: AbortSignal.abort() }))).name).toBe(
      'AbortError',
    );
    expect(github.seen.map((request) => request.url)).not.toContain('/y');
  });

  it('says clearly what it does not support', async () => {
    const fetch = createNodeHttpFetch({ proxyEnv: {} });
    await expect(fetch('ftp://example.com/x')).rejects.toThrow(/ftp: URLs are not supported/);
    await expect(
      fetch('http://127.0.0.1:9/x', { method: 'POST', body: new Blob(['x']) as never }),
    ).rejects.toThrow(/a request body must be a string or bytes/);
    await expect(fetch(new Request('http://127.0.0.1:9/') as never)).rejects.toThrow(/not a Request/);
  });

  it('goes through the step’s proxy (HTTP_PROXY, HTTPS_PROXY), except for NO_PROXY hosts', async () => {
    const target = await loopback((_request, response) => json(response, 200, { direct: true }));
    const proxy = await loopback((request, response) => json(response, 200, { proxied: request.url }));
    const connects: string[] = [];
    // An HTTPS request goes through the proxy as a CONNECT tunnel: this proxy refuses it.
    const httpsProxy = createServer();
    httpsProxy.on('connect', (request: IncomingMessage, socket: Socket) => {
      connects.push(request.url ?? '');
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
    });
    await new Promise<void>((resolve) => httpsProxy.listen(0, '127.0.0.1', resolve));
    try {
      const httpsProxyUrl = `http://127.0.0.1:${(httpsProxy.address() as AddressInfo).port}`;
      const env = { HTTP_PROXY: proxy.url, HTTPS_PROXY: httpsProxyUrl, NO_PROXY: 'localhost' };
      const fetch = createNodeHttpFetch({ proxyEnv: env });
      const proxied = await fetch('http://github.invalid/api/v3/repos/acme/shop');
      expect(await proxied.json()).toEqual({ proxied: 'http://github.invalid/api/v3/repos/acme/shop' });
      const tunnelled = await failureOf(fetch('https://github.invalid/repos/acme/shop'));
      expect(tunnelled).toBeInstanceOf(TypeError);
      expect(connects).toEqual(['github.invalid:443']);
      const direct = await fetch(target.url.replace('127.0.0.1', 'localhost'));
      expect(await direct.json()).toEqual({ direct: true });
      expect(target.seen).toHaveLength(1);
    } finally {
      await new Promise<void>((resolve) => httpsProxy.close(() => resolve()));
    }
  });
});
