import fc from 'fast-check';
import { PEOPLE, VARIANTS, type Variant } from './rules-model.ts';

// Role holders act more often than the author and the non-member.
const person = fc.constantFrom(...PEOPLE, 'carl', 'cora', 'erin');
const review = fc.record({
  kind: fc.constant('review' as const),
  user: person,
  state: fc.constantFrom('APPROVED', 'APPROVED', 'CHANGES_REQUESTED', 'COMMENTED' as const),
  stale: fc.boolean(),
});
const comment = fc.record({
  kind: fc.constant('comment' as const),
  user: person,
  body: fc.constantFrom('/approve', '/approve\n- watch the logs', '/reject not yet', 'looks good'),
});
export const eventArb = fc.oneof(
  { arbitrary: review, weight: 4 },
  { arbitrary: comment, weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('push' as const), user: person }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('forcePush' as const), back: fc.nat(6) }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant('edit' as const),
      variant: fc.constantFrom(...(Object.keys(VARIANTS) as Variant[])),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('label' as const),
      label: fc.constantFrom('change', 'change:approved'),
      add: fc.boolean(),
      user: person,
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('deleteComment' as const),
      pick: fc.nat(40),
      history: fc.boolean(),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('editComment' as const),
      pick: fc.nat(40),
      body: fc.constantFrom('/approve', '/reject changed my mind', 'never mind'),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({ kind: fc.constant('dismiss' as const), pick: fc.nat(20), user: person }),
    weight: 2,
  },
);
export type Event = typeof eventArb extends fc.Arbitrary<infer T> ? T : never;
export const stepArb = fc.record({ event: eventArb, gapSeconds: fc.integer({ min: 1, max: 3600 }) });

/** Whole-second times: every event happens at its own second, so "after" is never a tie. */
export const START = Date.parse('2026-03-02T10:00:00Z');

const at = (event: Event) => ({ event, gapSeconds: 30 });

/** The attacks of issue 10 as sequences, tried first: the random ones then look around them. */
export const ATTACKS: Array<Array<{ event: Event; gapSeconds: number }>> = [
  // A /approve given while a force-push had put another commit there, then the head pushed back.
  [
    at({ kind: 'push', user: 'dana' }),
    at({ kind: 'forcePush', back: 0 }),
    at({ kind: 'comment', user: 'carl', body: '/approve' }),
    at({ kind: 'forcePush', back: 1 }),
  ],
  // A rejection dismissed by someone else, or deleted, then the change cancelled and submitted again.
  [
    at({ kind: 'review', user: 'cora', state: 'APPROVED', stale: false }),
    at({ kind: 'review', user: 'carl', state: 'CHANGES_REQUESTED', stale: false }),
    at({ kind: 'dismiss', pick: 1, user: 'mallory' }),
  ],
  [
    at({ kind: 'comment', user: 'cora', body: '/approve' }),
    at({ kind: 'comment', user: 'carl', body: '/reject not yet' }),
    at({ kind: 'deleteComment', pick: 1, history: false }),
    at({ kind: 'label', label: 'change', add: false, user: 'dana' }),
    at({ kind: 'label', label: 'change', add: true, user: 'dana' }),
  ],
  // A role holder who pushed a commit to the change approves it; the author approves their own.
  [at({ kind: 'push', user: 'carl' }), at({ kind: 'review', user: 'carl', state: 'APPROVED', stale: false })],
  [at({ kind: 'comment', user: 'dana', body: '/approve' })],
  // The block edited and edited back; an approval of a lower bar, then the bar raised.
  [
    at({ kind: 'comment', user: 'carl', body: '/approve' }),
    at({ kind: 'edit', variant: 'lowB' }),
    at({ kind: 'edit', variant: 'lowA' }),
    at({ kind: 'edit', variant: 'medium' }),
  ],
  // A hand-added status label, a comment edited into /approve, an approval on an older commit.
  [
    at({ kind: 'label', label: 'change:approved', add: true, user: 'mallory' }),
    at({ kind: 'comment', user: 'carl', body: 'looks good' }),
    at({ kind: 'editComment', pick: 0, body: '/approve' }),
    at({ kind: 'push', user: 'dana' }),
    at({ kind: 'review', user: 'cora', state: 'APPROVED', stale: true }),
  ],
];
