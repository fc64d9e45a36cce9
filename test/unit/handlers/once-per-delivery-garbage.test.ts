import { getHeapSpaceStatistics } from 'node:v8';
import type { Context } from 'probot';
import { describe, expect, it } from 'vitest';
import { claimDelivery, claimsWhenActing } from '../../../src/handlers/claim-when-acting.ts';
import { oncePerDelivery } from '../../../src/handlers/once-per-delivery.ts';
import { everyDelivery } from '../../../src/use-cases/delivery-claims.ts';
import { recordingClaims } from '../../support/recording-claims.ts';

const DELIVERIES = 6_000;
const oldSpaceUsed = () =>
  getHeapSpaceStatistics().find((space) => space.space_name === 'old_space')?.space_used_size ?? 0;

/**
 * What a delivery's claim keeps is kept only as long as its Context: the claim of each handler attempt sits in a
 * WeakMap keyed by the Context (claimDelivery), and a claim that held the Context itself (its key) made V8's
 * young-generation collections keep every webhook's payload, promoted to the old generation until a full
 * collection (under load: ~30% more CPU per event, `node bench/part.ts throughput-one`). Measured as the old
 * generation's growth over 6,000 deliveries of ~20 KB payloads each, handled one after another: 48 MiB when the
 * claim held its Context, under 2 MiB when it does not.
 */
describe('oncePerDelivery keeps no payload past its delivery', () => {
  it('a handler that claims when acting: its deliveries’ payloads die young', async () => {
    const { app, handlers } = recordingClaims();
    oncePerDelivery(app, everyDelivery).on(
      'issue_comment',
      claimsWhenActing(async (context: Context) => {
        await claimDelivery(context);
      }),
    );
    const before = oldSpaceUsed();
    for (let index = 0; index < DELIVERIES; index++) {
      const context = {
        id: `delivery-${index}`,
        name: 'issue_comment',
        log: { info: () => undefined },
        payload: { items: Array.from({ length: 200 }, (_, item) => ({ item, text: `${index}-${item}` })) },
      } as unknown as Context;
      await handlers[0]!(context);
    }
    expect((oldSpaceUsed() - before) / 2 ** 20).toBeLessThan(8);
  });
});
