import { describe, expect, it } from 'vitest';
import { leasesGivenBackWhenCut } from '../../src/handlers/leases-given-back-when-cut.ts';
import { createHandlersInFlight } from '../../src/ops/handlers-in-flight.ts';
import type { RoundLease } from '../../src/use-cases/round-lease.ts';

/** Leases in memory: who holds which, and every give-back asked. */
const memoryLeases = () => {
  const taken = new Set<string>();
  const givenBack: string[] = [];
  const rounds: RoundLease = {
    async take(key) {
      if (taken.has(key)) return false;
      taken.add(key);
      return true;
    },
    async giveBack(key, inMs) {
      givenBack.push(`${key} in ${inMs}`);
      if (inMs === 0) taken.delete(key);
      return true;
    },
  };
  return { rounds, taken, givenBack };
};

describe('a scheduled round’s leases when a stop cuts the round off', () => {
  it('gives back, now, the leases the running round holds, and says so; not those it gave back or another round took', async () => {
    const memory = memoryLeases();
    const inFlight = createHandlersInFlight();
    const warnings: string[] = [];
    const leases = leasesGivenBackWhenCut({
      rounds: memory.rounds,
      inFlight,
      log: { warn: (message: string) => warnings.push(message) },
    });
    expect(await leases.take('heal', 1_000)).toBe(true);
    expect(await leases.take('heal-change:a', 1_000)).toBe(true);
    expect(await leases.take('heal-change:b', 1_000)).toBe(true);
    await leases.giveBack('heal-change:b', 5_000);
    // Held by another replica: not ours to give back.
    memory.taken.add('heal-change:c');
    expect(await leases.take('heal-change:c', 1_000)).toBe(false);

    expect(await inFlight.handBack()).toBe(0);
    expect(memory.givenBack).toEqual(['heal-change:b in 5000', 'heal in 0', 'heal-change:a in 0']);
    expect([...memory.taken].sort()).toEqual(['heal-change:b', 'heal-change:c']);
    expect(warnings).toEqual([
      'round lease heal given back: the stop cut its work off, so another replica takes it up at its next round',
      'round lease heal-change:a given back: the stop cut its work off, so another replica takes it up at its next round',
    ]);
  });

  it('a round that ended keeps its leases (they stop the other replicas redoing it): a later cut gives back none', async () => {
    const memory = memoryLeases();
    const inFlight = createHandlersInFlight();
    const leases = leasesGivenBackWhenCut({
      rounds: memory.rounds,
      inFlight,
      log: { warn: () => undefined },
    });
    await leases.take('sweep:1', 1_000);
    leases.ended();
    await inFlight.handBack();
    expect(memory.givenBack).toEqual([]);
    expect(memory.taken.has('sweep:1')).toBe(true);
  });

  it('says when a lease could not be given back (Redis unreachable); one process alone (no giveBack) tracks nothing', async () => {
    const inFlight = createHandlersInFlight();
    const warnings: string[] = [];
    const down: RoundLease = { take: async () => true, giveBack: async () => false };
    const leases = leasesGivenBackWhenCut({
      rounds: down,
      inFlight,
      log: { warn: (message: string) => warnings.push(message) },
    });
    await leases.take('heal', 1_000);
    const alone = leasesGivenBackWhenCut({
      rounds: { take: async () => true },
      inFlight,
      log: { warn: (message: string) => warnings.push(message) },
    });
    await alone.take('sweep:1', 1_000);
    await inFlight.handBack();
    expect(warnings).toEqual([
      'round lease heal not given back (Redis could not be asked, now or when the round took it, or it had lapsed): any lease that stands expires by itself',
    ]);
  });
});
