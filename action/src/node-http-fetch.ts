import type { Agent, IncomingMessage, RequestOptions } from 'node:http';
import { fetchFailed, type HttpFetchResponse, NodeHttpResponse } from './node-http-response.ts';

/**
 * The part of `fetch` Octokit calls (@octokit/request's fetch wrapper): a URL, `method`, `headers`, a body
 * given whole (a string or bytes), `redirect` and `signal`; the answer's `status`, `statusText`, `url`,
 * `headers` (`get`, iteration), `text()`, `json()`, `arrayBuffer()` and `body`.
 */
export type HttpFetch = (input: string | URL, init?: HttpFetchInit) => Promise<HttpFetchResponse>;

export interface HttpFetchInit {
  method?: string;
  headers?: Record<string, string> | Iterable<readonly [string, string]> | null;
  body?: string | ArrayBuffer | ArrayBufferView | null;
  redirect?: 'follow' | 'error' | 'manual';
  signal?: AbortSignal | null;
}

export interface NodeHttpFetchOptions {
  /** Nothing sent or received for this long (connecting included): the request fails (ETIMEDOUT). Default 60 s. */
  idleTimeoutMs?: number;
  /**
   * Where the proxy is read: `HTTPS_PROXY`/`https_proxy`, `HTTP_PROXY`/`http_proxy`, `NO_PROXY`/`no_proxy`,
   * by Node's own proxy support (an agent's `proxyEnv`, Node ≥ 24.5). Default: `process.env`.
   */
  proxyEnv?: NodeJS.ProcessEnv;
}

/** GitHub ends a REST or GraphQL request after 10 s: a minute of silence is a connection that is gone. */
const DEFAULT_IDLE_TIMEOUT_MS = 60_000;

/**
 * A kept connection is used again while the server's `keep-alive: timeout=…` hint, less this, has not run out.
 * Node's default (1 s) never reuses one from a server that says `timeout=1` (the simulator). A connection the
 * server closes just as a request goes out fails that request as a lost connection: a read is sent again, a
 * deployment write is re-read before it is sent again (retry-safe-deploy-writes.ts).
 */
const KEEP_ALIVE_BUFFER_MS = 250;

/** As the fetch standard: at most 20 redirects. */
const MAX_REDIRECTS = 20;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Headers a redirect to another origin does not carry (as undici's fetch). */
const CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'cookie'];

/** Headers that describe a body, dropped when a redirect turns the request into a GET. */
const BODY_HEADERS = [
  'content-type',
  'content-length',
  'content-encoding',
  'content-language',
  'content-location',
];

/**
 * A `fetch` for Octokit over `node:http`/`node:https`, one keep-alive agent per protocol. Node's global
 * `fetch` loads its bundled undici on first use, about 40 ms of a 250 ms gate (bench/action.bench.ts); this
 * loads `node:http` (a few ms) and `node:https` only for an `https:` URL.
 *
 * What it does, as fetch does for what Octokit sends: follows up to 20 redirects (a 303, or a 301/302 of a
 * POST, becomes a GET without body; credentials are not sent to another origin); decodes a gzip, deflate or
 * br body (it asks for none: `accept-encoding: identity` unless the caller sets one); fails a request that
 * cannot connect, is reset, or whose body ends short with `TypeError('fetch failed')` whose `cause` is the
 * socket's error (its `code`: ECONNREFUSED, ECONNRESET, ETIMEDOUT…); rejects with an `AbortError` when
 * `signal` aborts. Beyond fetch: a request silent for `idleTimeoutMs` fails (ETIMEDOUT), and the step's proxy
 * settings are honoured. Not supported (a TypeError says so): bodies other than a string or bytes, `Request`
 * objects, URLs other than http(s).
 */
export function createNodeHttpFetch(options: NodeHttpFetchOptions = {}): HttpFetch {
  const idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  const proxyEnv = options.proxyEnv ?? process.env;
  const agents = new Map<string, Agent>();
  const agentFor = (protocol: string): Agent => {
    let agent = agents.get(protocol);
    if (!agent) {
      const module = protocol === 'https:' ? httpsModule() : httpModule();
      agent = new module.Agent({
        keepAlive: true,
        agentKeepAliveTimeoutBuffer: KEEP_ALIVE_BUFFER_MS,
        proxyEnv,
      });
      agents.set(protocol, agent);
    }
    return agent;
  };

  return async (input, init = {}) => {
    if (typeof input !== 'string' && !(input instanceof URL)) {
      throw new TypeError('fetch over node:http: the input must be a URL or a string (not a Request)');
    }
    let url = new URL(input);
    let method = (init.method ?? 'GET').toUpperCase();
    let headers = normaliseHeaders(init.headers);
    let body = bodyBytes(init.body);
    const redirect = init.redirect ?? 'follow';
    const signal = init.signal ?? undefined;
    headers['accept-encoding'] ??= 'identity';
    for (let redirects = 0; ; redirects++) {
      const response = await send({ url, method, headers, body, signal, agentFor, idleTimeoutMs });
      const location = response.headers.location;
      if (
        !REDIRECT_STATUSES.has(response.statusCode ?? 0) ||
        location === undefined ||
        redirect === 'manual'
      ) {
        return new NodeHttpResponse(response, url.href, redirects > 0, method);
      }
      response.resume();
      if (redirect === 'error')
        throw fetchFailed(new Error(`redirected to ${location}, and redirects are refused`));
      if (redirects >= MAX_REDIRECTS) throw fetchFailed(new Error(`more than ${MAX_REDIRECTS} redirects`));
      const next = new URL(location, url);
      if (next.protocol !== 'http:' && next.protocol !== 'https:') {
        throw fetchFailed(new Error(`redirected to a ${next.protocol} URL`));
      }
      headers = { ...headers };
      if (next.origin !== url.origin) for (const name of CREDENTIAL_HEADERS) delete headers[name];
      const status = response.statusCode;
      if (status === 303 ? method !== 'HEAD' : (status === 301 || status === 302) && method === 'POST') {
        method = 'GET';
        body = undefined;
        for (const name of BODY_HEADERS) delete headers[name];
      }
      url = next;
    }
  };
}

const httpModule = () => process.getBuiltinModule('node:http');
const httpsModule = () => process.getBuiltinModule('node:https');

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

function send(options: {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: Buffer | undefined;
  signal: AbortSignal | undefined;
  agentFor(protocol: string): Agent;
  idleTimeoutMs: number;
}): Promise<IncomingMessage> {
  const { url, method, body, signal, idleTimeoutMs } = options;
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return Promise.reject(new TypeError(`fetch over node:http: ${url.protocol} URLs are not supported`));
  }
  if (signal?.aborted) return Promise.reject(abortError(signal));
  const headers = { ...options.headers };
  if (body !== undefined) headers['content-length'] = String(body.length);
  else if (method !== 'GET' && method !== 'HEAD') headers['content-length'] = '0';
  const module = url.protocol === 'https:' ? httpsModule() : httpModule();
  const request: RequestOptions = { method, headers, agent: options.agentFor(url.protocol) };
  return new Promise((resolve, reject) => {
    const outgoing = module.request(url, request);
    const onAbort = () => outgoing.destroy(abortError(signal as AbortSignal) as Error);
    signal?.addEventListener('abort', onAbort, { once: true });
    outgoing.setTimeout(idleTimeoutMs, () => {
      const error = Object.assign(new Error(`no answer from ${url.host} for ${idleTimeoutMs} ms`), {
        code: 'ETIMEDOUT',
      });
      outgoing.destroy(error);
    });
    outgoing.on('error', (error) => {
      signal?.removeEventListener('abort', onAbort);
      reject(signal?.aborted ? abortError(signal) : fetchFailed(error));
    });
    outgoing.on('response', (response) => {
      // The body is read later, and may still fail: its errors are the reader's (NodeHttpResponse).
      response.once('end', () => signal?.removeEventListener('abort', onAbort));
      response.once('close', () => signal?.removeEventListener('abort', onAbort));
      resolve(response);
    });
    outgoing.end(body);
  });
}

function normaliseHeaders(headers: HttpFetchInit['headers']): Record<string, string> {
  const pairs: Iterable<readonly [string, string]> =
    headers === null || headers === undefined
      ? []
      : Symbol.iterator in headers
        ? (headers as Iterable<readonly [string, string]>)
        : Object.entries(headers);
  const result: Record<string, string> = {};
  for (const [name, value] of pairs) result[name.toLowerCase()] = String(value);
  return result;
}

function bodyBytes(body: HttpFetchInit['body']): Buffer | undefined {
  if (body === null || body === undefined) return undefined;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  throw new TypeError(
    `fetch over node:http: a request body must be a string or bytes, not ${Object.prototype.toString.call(body)}`,
  );
}
