import type { DirtyChanges } from '../../src/use-cases/dirty-changes.ts';

/**
 * Redis as the replicas share it, in memory: one clock ticking at each command in the order they are sent,
 * the dirty marks (member → tick), the queued marks (key → token), set by a claiming mark when none is there
 * or by `queue` (each set listed in `sets`). A test stands for another replica's queued evaluation by setting one.
 */
export const sharedDirty = () => {
  let clock = 0;
  const marks = new Map<string, number>();
  const queued = new Map<string, string>();
  let tokens = 0;
  const log: string[] = [];
  /** Each queued mark set, by a claim or by `queue`. */
  const sets: string[] = [];
  let down = false;
  const dirty: DirtyChanges = {
    mark(member, key, options) {
      if (down) return null;
      const fresh = !marks.has(member);
      marks.set(member, ++clock);
      log.push(`mark ${member} @${clock}`);
      const queuedSomewhere = queued.has(key);
      const claimed = !queuedSomewhere && options?.claim ? `t${++tokens}` : null;
      if (claimed) {
        queued.set(key, claimed);
        sets.push(`${key} ${claimed} (claim)`);
      }
      return Promise.resolve({ queuedSomewhere, tick: String(clock), fresh, claimed });
    },
    unclaim(key, token) {
      if (queued.get(key) === token) queued.delete(key);
    },
    queue(key, { visible, claimed }) {
      const token = claimed ?? (visible ? `t${++tokens}` : '');
      if (token && !claimed) {
        queued.set(key, token);
        sets.push(`${key} ${token}`);
      }
      return {
        async reading() {
          if (down) return null;
          if (token && queued.get(key) === token) queued.delete(key);
          log.push(`read ${key} @${++clock}`);
          return String(clock);
        },
      };
    },
    async clear(member, start) {
      const score = marks.get(member);
      if (score !== undefined && score <= Number(start)) {
        marks.delete(member);
        return true;
      }
      return false;
    },
    async clearOwn(member, tick) {
      if (marks.get(member) !== Number(tick)) return false;
      marks.delete(member);
      return true;
    },
    async stale() {
      return [...marks.keys()];
    },
    expire: async () => [],
    retryLater: async () => ({ outcome: 'kept' }),
    forget: async () => false,
  };
  return {
    dirty,
    marks,
    queued,
    log,
    sets,
    goDown: () => {
      down = true;
    },
  };
};
