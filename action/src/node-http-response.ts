import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';

/** The answer of an HttpFetch over node:http(s): the part of fetch's Response Octokit reads. */
export interface HttpFetchResponse {
  readonly status: number;
  readonly statusText: string;
  readonly ok: boolean;
  readonly url: string;
  readonly redirected: boolean;
  readonly headers: ResponseHeaders;
  readonly bodyUsed: boolean;
  /** The body as a web stream (decoded), for a caller that streams; the others read it whole. */
  readonly body: ReadableStream<Uint8Array> | null;
  arrayBuffer(): Promise<ArrayBuffer>;
  text(): Promise<string>;
  json(): Promise<unknown>;
}

/** fetch's network error: a TypeError whose cause says what happened. */
export function fetchFailed(cause: unknown): TypeError {
  return new TypeError('fetch failed', { cause });
}

/** Response headers as fetch's `Headers` reads them: lower-case names, repeated headers joined by ", ". */
export class ResponseHeaders implements Iterable<[string, string]> {
  readonly #values = new Map<string, string>();

  constructor(headers: IncomingHttpHeaders) {
    for (const [name, value] of Object.entries(headers)) {
      if (value === undefined) continue;
      this.#values.set(name.toLowerCase(), Array.isArray(value) ? value.join(', ') : value);
    }
  }

  get(name: string): string | null {
    return this.#values.get(name.toLowerCase()) ?? null;
  }

  has(name: string): boolean {
    return this.#values.has(name.toLowerCase());
  }

  forEach(callback: (value: string, name: string) => void): void {
    for (const [name, value] of this) callback(value, name);
  }

  *entries(): IterableIterator<[string, string]> {
    yield* [...this.#values].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}

const NO_BODY_STATUSES = new Set([101, 204, 205, 304]);

export class NodeHttpResponse implements HttpFetchResponse {
  readonly status: number;
  readonly statusText: string;
  readonly url: string;
  readonly redirected: boolean;
  readonly headers: ResponseHeaders;
  readonly #message: IncomingMessage;
  readonly #hasBody: boolean;
  #used = false;
  /** The body's stream failed before it was read (the connection dropped): the read fails with it. */
  #failure: Error | null = null;

  constructor(message: IncomingMessage, url: string, redirected: boolean, method: string) {
    this.#message = message;
    this.status = message.statusCode ?? 0;
    this.statusText = message.statusMessage ?? '';
    this.url = url;
    this.redirected = redirected;
    this.headers = new ResponseHeaders(message.headers);
    this.#hasBody = method !== 'HEAD' && !NO_BODY_STATUSES.has(this.status);
    // Listened at once: a connection that drops before the body is read is that read's failure, not a crash.
    message.on('error', (error) => {
      this.#failure ??= error;
    });
    if (!this.#hasBody) message.resume();
  }

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  get bodyUsed(): boolean {
    return this.#used;
  }

  get body(): ReadableStream<Uint8Array> | null {
    if (!this.#hasBody) return null;
    const { Readable: NodeReadable } = process.getBuiltinModule('node:stream');
    return NodeReadable.toWeb(this.#decodedStream()) as ReadableStream<Uint8Array>;
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = await this.#bytes();
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  async text(): Promise<string> {
    return new TextDecoder().decode(await this.#bytes());
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  #take(): IncomingMessage {
    if (this.#used) throw new TypeError('the body has already been read');
    this.#used = true;
    return this.#message;
  }

  #decodedStream(): Readable {
    const message = this.#take();
    const encoding = this.#encoding();
    if (encoding === null) return message;
    const zlib = process.getBuiltinModule('node:zlib');
    const decoder =
      encoding === 'br'
        ? zlib.createBrotliDecompress()
        : encoding === 'deflate'
          ? zlib.createInflate()
          : zlib.createGunzip();
    message.on('error', (error) => decoder.destroy(error));
    return message.pipe(decoder);
  }

  async #bytes(): Promise<Buffer> {
    if (!this.#hasBody) {
      this.#take();
      return Buffer.alloc(0);
    }
    const message = this.#take();
    const raw = await new Promise<Buffer>((resolve, reject) => {
      if (this.#failure || message.destroyed) {
        reject(fetchFailed(this.#failure ?? new Error('the connection closed before the body was read')));
        return;
      }
      const chunks: Buffer[] = [];
      message.on('data', (chunk: Buffer) => chunks.push(chunk));
      message.once('error', (error) => reject(fetchFailed(error)));
      message.once('end', () => {
        // The connection closed before the length it announced (or the last chunk): not a whole body.
        if (!message.complete)
          reject(fetchFailed(new Error('the answer ended before its body was complete')));
        else resolve(Buffer.concat(chunks));
      });
      message.once('close', () => {
        if (!message.complete) {
          reject(
            fetchFailed(Object.assign(new Error('the connection closed mid-answer'), { code: 'ECONNRESET' })),
          );
        }
      });
    });
    const encoding = this.#encoding();
    if (encoding === null) return raw;
    const zlib = process.getBuiltinModule('node:zlib');
    try {
      if (encoding === 'br') return zlib.brotliDecompressSync(raw);
      if (encoding === 'deflate') return zlib.inflateSync(raw);
      return zlib.gunzipSync(raw);
    } catch (error) {
      throw fetchFailed(error);
    }
  }

  /** The body's one content coding this decodes, or null for none (identity, or one it does not know). */
  #encoding(): 'gzip' | 'deflate' | 'br' | null {
    const coding = this.headers.get('content-encoding')?.trim().toLowerCase();
    if (coding === 'gzip' || coding === 'x-gzip') return 'gzip';
    if (coding === 'deflate' || coding === 'br') return coding;
    return null;
  }
}
