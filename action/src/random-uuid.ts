import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** Where the operating system's random bytes are read: Linux and macOS (the runners that have one). */
const URANDOM = '/dev/urandom';

/** What `randomUUID` uses (a test hands its own). */
export interface RandomUuidDeps {
  /** 16 random bytes from the operating system, or null where it has no random device to read. */
  osRandomBytes?: () => Uint8Array | null;
  /** node:crypto's randomUUID (default: loaded when first needed). */
  cryptoRandomUUID?: () => string;
}

/**
 * A version 4 UUID (RFC 9562) drawn from the operating system's random source: 16 bytes read from
 * `/dev/urandom` (a character device; what OpenSSL, and so node:crypto's `randomUUID`, draws from on Linux and
 * macOS), or node:crypto's `randomUUID` where there is no such device (Windows). The same randomness as
 * node:crypto's, without loading node:crypto: about 4 ms of a gate's start (bench/action.bench.ts), whose only
 * other use of it (a change block's hash) the gate never reads. Used for what must be unpredictable: the
 * delimiter @actions/core writes around each output (scripts/build-action.ts hands it this module as its
 * `crypto`) and a deployment's creation token.
 */
export function randomUUID(deps: RandomUuidDeps = {}): string {
  const bytes = deps.osRandomBytes ? deps.osRandomBytes() : readOsRandomBytes();
  if (bytes === null || bytes.length !== 16) {
    return (deps.cryptoRandomUUID ?? process.getBuiltinModule('node:crypto').randomUUID)();
  }
  const b = Uint8Array.from(bytes);
  b[6] = (b[6]! & 0x0f) | 0x40; // version 4
  b[8] = (b[8]! & 0x3f) | 0x80; // variant 10xx
  const hex = Buffer.from(b).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** 16 bytes from /dev/urandom (`path`: a test's); null where it is missing, is not a character device, or reads short. */
export function readOsRandomBytes(path: string = URANDOM): Uint8Array | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  try {
    // A regular file (a container's stand-in, a planted one) is no random source.
    if (!fstatSync(fd).isCharacterDevice()) return null;
    const bytes = Buffer.alloc(16);
    return readSync(fd, bytes, 0, 16, null) === 16 ? bytes : null;
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}
