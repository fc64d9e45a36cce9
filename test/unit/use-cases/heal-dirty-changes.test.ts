import { describe, expect, it } from 'vitest';
import type { DirtyChanges } from '../../../src/use-cases/dirty-changes.ts';
import { ChangeGoneError, healDirtyChanges } from '../../../src/use-cases/heal-dirty-changes.ts';

/** Dirty marks in memory, with a clock that ticks at each mark and read start. */
const memoryDirty = (members: string[]) => {
  let clock = 0;
  const marks = new Map(members.map((member) => [member, ++clock]));
  const asked: Array<{ olderThanMs: number; limit: number }> = [];
  const dirty: DirtyChanges = {
    mark(member) {
      const fresh = !marks.has(member);
      marks.set(member, ++clock);
      return Promise.resolve({ queuedSomewhere: false, tick: String(clock), fresh, claimed: null });
    },
    queue: () => ({ reading: async () => String(++clock) }),
    unclaim: () => undefined,
    async clear(member, start) {
      const score = marks.get(member);
      if (score === undefined || score > Number(start)) return false;
      marks.delete(member);
      return true;
    },
    clearOwn: async () => false,
    async stale(options) {
      asked.push(options);
      return [...marks.keys()].slice(0, options.limit);
    },
    expire: async () => [],
    retryLater: async () => ({ outcome: 'kept' }),
    forget: async (member) => marks.delete(member),
  };
  return { dirty, marks, asked };
};

const BACKOFF = { firstDelayMs: 15_000, maxDelayMs: 3_600_000 };

const log = () => {
  const lines: string[] = [];
  return {
    lines,
    info: (line: unknown) => lines.push(String(line)),
    warn: (line: string) => lines.push(line),
  };
};

/** healDirtyChanges with the tests' defaults: a grace of 1 ms, 50 changes a round, BACKOFF, a fresh log. */
const heal = (
  options: Partial<Parameters<typeof healDirtyChanges>[0]> &
    Pick<Parameters<typeof healDirtyChanges>[0], 'dirty' | 'evaluate'>,
) => healDirtyChanges({ graceMs: 1, limit: 50, backoff: BACKOFF, log: log(), ...options });

describe('healDirtyChanges', () => {
  it('evaluates each change left dirty past the grace period, as the app, and clears its mark', async () => {
    const memory = memoryDirty(['[7,"Acme","Web",1]', '[8,"other","api",12]']);
    const evaluated: string[] = [];
    const report = await healDirtyChanges({
      dirty: memory.dirty,
      graceMs: 30_000,
      limit: 50,
      backoff: BACKOFF,
      log: log(),
      evaluate: async ({ installationId, ref }, onReading) => {
        await onReading();
        evaluated.push(`${installationId} ${ref.owner}/${ref.repo}#${ref.number}`);
      },
    });
    expect(memory.asked).toEqual([{ olderThanMs: 30_000, limit: 50 }]);
    // GitHub's own case, as the event spelled it.
    expect(evaluated).toEqual(['7 Acme/Web#1', '8 other/api#12']);
    expect(report).toEqual({
      healed: ['[7,"Acme","Web",1]', '[8,"other","api",12]'],
      failed: [],
      dropped: [],
      skipped: [],
    });
    expect(memory.marks.size).toBe(0);
  });

  it('keeps the mark of an event that came while the heal read, and of a change it could not evaluate', async () => {
    const memory = memoryDirty(['[7,"acme","web",1]', '[7,"acme","web",2]']);
    const lines = log();
    const report = await heal({
      dirty: memory.dirty,
      log: lines,
      evaluate: async ({ ref }, onReading) => {
        await onReading();
        if (ref.number === 1) await memory.dirty.mark('[7,"acme","web",1]', 'k');
        if (ref.number === 2) throw new Error('GitHub answered 502');
      },
    });
    expect(report.failed).toEqual(['[7,"acme","web",2]']);
    expect([...memory.marks.keys()].sort()).toEqual(['[7,"acme","web",1]', '[7,"acme","web",2]']);
    expect(
      lines.lines.some((line) => line.includes('acme/web#2 could not be evaluated') && line.includes('502')),
    ).toBe(true);
  });

  it('clears nothing when the read start is unknown (Redis did not answer)', async () => {
    const memory = memoryDirty(['[7,"acme","web",1]']);
    memory.dirty.queue = () => ({ reading: async () => null });
    await heal({
      dirty: memory.dirty,
      log: log(),
      evaluate: async (_change, onReading) => onReading(),
    });
    expect(memory.marks.size).toBe(1);
  });

  it('skips a mark that names no change, with a warning', async () => {
    const memory = memoryDirty(['not json', '[0,"acme","web",1]', '["7","acme","web",1]']);
    const lines = log();
    let evaluations = 0;
    const report = await heal({
      dirty: memory.dirty,
      log: lines,
      evaluate: async () => {
        evaluations++;
      },
    });
    expect(evaluations).toBe(0);
    expect(report).toEqual({ healed: [], failed: [], dropped: [], skipped: [] });
    expect(lines.lines.filter((line) => line.includes('does not name a change'))).toHaveLength(3);
  });

  it('goes on when Redis fails on one mark (its clear, its claim or its push back)', async () => {
    const memory = memoryDirty([
      '[7,"acme","web",1]',
      '[7,"acme","web",2]',
      '[7,"acme","web",3]',
      '[7,"acme","web",4]',
    ]);
    const clear = memory.dirty.clear;
    memory.dirty.clear = async (member, start) => {
      if (member === '[7,"acme","web",1]') throw new Error('Connection is closed.');
      return clear(member, start);
    };
    memory.dirty.retryLater = async () => {
      throw new Error('Connection is closed.');
    };
    const lines = log();
    const report = await heal({
      dirty: memory.dirty,
      log: lines,
      claim: async (member) => {
        if (member === '[7,"acme","web",2]') throw new Error('Connection is closed.');
        return true;
      },
      evaluate: async ({ ref }, onReading) => {
        await onReading();
        if (ref.number === 3) throw new Error('GitHub answered 502');
      },
    });
    expect(report.healed).toEqual(['[7,"acme","web",1]', '[7,"acme","web",4]']);
    expect(report.failed).toEqual(['[7,"acme","web",3]']);
    expect(report.skipped).toEqual(['[7,"acme","web",2]']);
    expect([...memory.marks.keys()]).toEqual([
      '[7,"acme","web",1]',
      '[7,"acme","web",2]',
      '[7,"acme","web",3]',
    ]);
    expect(lines.lines.filter((line) => line.includes('Connection is closed.'))).toHaveLength(3);
  });
});

describe('healDirtyChanges: claims given back', () => {
  it('shortens each claim once its change is settled: to the grace when healed, to the retry when failed', async () => {
    const memory = memoryDirty([
      '[7,"acme","web",1]',
      '[7,"acme","web",2]',
      '[7,"acme","web",3]',
      '[7,"acme","web",4]',
    ]);
    const events: string[] = [];
    await heal({
      dirty: {
        ...memory.dirty,
        async clear(member, start) {
          events.push(`clear ${member}`);
          return memory.dirty.clear(member, start);
        },
        async retryLater(member) {
          events.push(`retry later ${member}`);
          // #3's retry is recorded (in 15 s); #4's is not (Redis away): tried again next round.
          return member.endsWith('3]')
            ? { outcome: 'later', failures: 1, delayMs: 15_000 }
            : { outcome: 'kept' };
        },
      },
      graceMs: 30_000,
      limit: 50,
      backoff: BACKOFF,
      log: log(),
      claim: async (member) => member !== '[7,"acme","web",2]',
      giveBack: async (member, inMs) => {
        events.push(`give back ${member} in ${inMs} ms`);
      },
      evaluate: async ({ ref }, onReading) => {
        await onReading();
        if (ref.number >= 3) throw new Error('GitHub answered 502');
      },
    });
    expect(events).toEqual([
      'clear [7,"acme","web",1]',
      'give back [7,"acme","web",1] in 30000 ms',
      'retry later [7,"acme","web",3]',
      'give back [7,"acme","web",3] in 15000 ms',
      'retry later [7,"acme","web",4]',
      'give back [7,"acme","web",4] in 0 ms',
    ]);
  });

  it('a give-back that fails costs nothing but a line: the claim expires by itself', async () => {
    const memory = memoryDirty(['[7,"acme","web",1]', '[7,"acme","web",2]']);
    const lines = log();
    const report = await heal({
      dirty: memory.dirty,
      log: lines,
      claim: async () => true,
      giveBack: async () => {
        throw new Error('Connection is closed.');
      },
      evaluate: async (_change, onReading) => {
        await onReading();
      },
    });
    expect(report.healed).toEqual(['[7,"acme","web",1]', '[7,"acme","web",2]']);
    expect(memory.marks.size).toBe(0);
    expect(
      lines.lines.filter((line) => /claim on acme\/web#\d could not be given back/.test(line)),
    ).toHaveLength(2);
  });
});

describe('healDirtyChanges: a change whose repository was renamed or transferred since its mark', () => {
  const gone = () => new ChangeGoneError('acme/web#3 was not found');

  it('is evaluated under its new name, its mark cleared, and the log says so', async () => {
    const memory = memoryDirty(['[7,"acme","web",3]']);
    const lines = log();
    const evaluated: string[] = [];
    const asked: string[] = [];
    const report = await heal({
      dirty: memory.dirty,
      log: lines,
      evaluate: async ({ ref }, onReading) => {
        await onReading();
        if (ref.repo === 'web') throw gone();
        evaluated.push(`${ref.owner}/${ref.repo}#${ref.number}`);
      },
      movedTo: async ({ installationId, ref }) => {
        asked.push(`${installationId} ${ref.owner}/${ref.repo}#${ref.number}`);
        return { owner: 'acme', repo: 'site', number: ref.number };
      },
    });
    expect(asked).toEqual(['7 acme/web#3']);
    expect(evaluated).toEqual(['acme/site#3']);
    expect(report).toMatchObject({ healed: ['[7,"acme","web",3]'], failed: [], dropped: [] });
    expect(memory.marks.size).toBe(0);
    expect(lines.lines).toContain(
      'heal: acme/web#3 is now acme/site#3 (its repository was renamed or transferred): evaluated under its new name',
    );
  });

  it('is dropped as gone when its repository did not move (or is gone too)', async () => {
    const memory = memoryDirty(['[7,"acme","web",3]']);
    const lines = log();
    const report = await heal({
      dirty: memory.dirty,
      log: lines,
      evaluate: async () => {
        throw gone();
      },
      movedTo: async () => null,
    });
    expect(report.dropped).toEqual([{ member: '[7,"acme","web",3]', reason: 'gone' }]);
    expect(lines.lines).toContain(
      'heal: acme/web#3 is gone (acme/web#3 was not found): its dirty mark was dropped',
    );
  });

  it('keeps its mark (tried again later) when GitHub cannot tell whether its repository moved', async () => {
    const memory = memoryDirty(['[7,"acme","web",3]']);
    const lines = log();
    const retried: string[] = [];
    const report = await heal({
      dirty: {
        ...memory.dirty,
        retryLater: async (member) => {
          retried.push(member);
          return { outcome: 'kept' };
        },
      },
      log: lines,
      evaluate: async () => {
        throw gone();
      },
      movedTo: async () => {
        throw new Error('GET /repos/acme/web: GitHub answered HTTP 502');
      },
    });
    expect(report).toMatchObject({ failed: ['[7,"acme","web",3]'], dropped: [] });
    expect(retried).toEqual(['[7,"acme","web",3]']);
    expect(memory.marks.has('[7,"acme","web",3]')).toBe(true);
    expect(lines.lines.join('\n')).toMatch(
      /heal: acme\/web#3 could not be evaluated .*whether its repository was renamed could not be read: GET \/repos\/acme\/web: GitHub answered HTTP 502/,
    );
  });
});
