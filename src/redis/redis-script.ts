import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Command, Redis } from 'ioredis';

/** Runs the script with `keys` and `args` on `client`; resolves to its reply. */
export type RedisScript = (
  client: Redis,
  keys: readonly string[],
  args: readonly string[],
) => Promise<unknown>;

const requireHere = createRequire(import.meta.url);

/** The NOSCRIPT error's text: the script cache was flushed while the connection stayed open. */
const NOSCRIPT = 'NOSCRIPT';

/**
 * A Lua script sent by its SHA1 (`EVALSHA`): its text goes only with the first call on each connection (`EVAL`,
 * which also loads it into Redis's script cache), so Redis neither reads nor hashes the text of every call.
 * Unlike ioredis's `defineCommand`, a `NOSCRIPT` answer (the cache was flushed under an open connection) is not
 * retried: a retry would run after commands sent later on the same connection, and the adapters rely on Redis
 * running each process's commands in the order it sent them. The call fails instead (its caller falls back as
 * for any Redis error), and the next call on that connection sends the text again. ioredis is loaded at the
 * first call (a process without `REDIS_URL` never loads it).
 */
export const redisScript = (lua: string): RedisScript => {
  const sha = createHash('sha1').update(lua).digest('hex');
  // The sockets whose Redis was sent the text: a new connection (a reconnect, another Redis) gets it first.
  const loaded = new WeakSet<object>();
  let ScriptCommand: (new (args: (string | number)[]) => Command) | null = null;
  const commandClass = () => {
    const Base = (requireHere('ioredis') as typeof import('ioredis')).Command;
    return class extends Base {
      constructor(args: (string | number)[]) {
        super('evalsha', args, { replyEncoding: 'utf8' });
      }
      override toWritable(socket: object): string | Buffer {
        const first = !loaded.has(socket);
        if (first) loaded.add(socket);
        this.name = first ? 'eval' : 'evalsha';
        this.args[0] = first ? lua : sha;
        const reject = this.reject;
        // The text is sent again after an EVAL that failed (it may not have reached Redis) or a NOSCRIPT.
        this.reject = (error: Error) => {
          if (first || error.message.includes(NOSCRIPT)) loaded.delete(socket);
          reject.call(this, error);
        };
        return super.toWritable(socket);
      }
    };
  };
  return (client, keys, args) => {
    ScriptCommand ??= commandClass();
    return client.sendCommand(new ScriptCommand([sha, keys.length, ...keys, ...args])) as Promise<unknown>;
  };
};
