import { createKeyedLock } from '../../src/app/create-keyed-lock.ts';
import type { GitHubPort } from '../../src/github/ports/github-port.ts';
import type { KeyedLock } from '../../src/use-cases/keyed-lock.ts';

// Replicas' locks and a slow replica, for tests of what the use cases do without the replicas' shared lock.

/** A replica's lock while Redis is unreachable: its own callers queue, other replicas do not. */
export const lockOfOneReplica = (exclusive: boolean): KeyedLock => {
  const local = createKeyedLock();
  return { run: (key, work) => local.run(key, () => work({ exclusive })) };
};

/** A shared lock whose lease lapsed while the work ran: found only when it is released. */
export const lapsingLock = (): KeyedLock => {
  const local = createKeyedLock();
  return {
    run: (key, work) =>
      local.run(key, async () => {
        const hold = { exclusive: true };
        try {
          return await work(hold);
        } finally {
          hold.exclusive = false;
        }
      }),
  };
};

/** A port whose first read of the change is answered only once `release` is called: a slow replica. */
export const slowFirstRead = (port: GitHubPort) => {
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let read: () => void = () => undefined;
  const hasRead = new Promise<void>((resolve) => {
    read = resolve;
  });
  let first = true;
  const slow: GitHubPort = {
    ...port,
    async readChange(ref) {
      const facts = await port.readChange(ref);
      if (first) {
        first = false;
        read();
        await released;
      }
      return facts;
    },
  };
  return { port: slow, hasRead, release };
};
