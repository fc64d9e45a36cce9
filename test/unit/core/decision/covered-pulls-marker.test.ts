import { describe, expect, it } from 'vitest';
import { coveredPullsMarker, readCoveredPulls } from '../../../../src/core/decision/covered-pulls-marker.ts';

describe('covered pull requests marker', () => {
  it('lists each pull request once, in order, and reads back', () => {
    const marker = coveredPullsMarker([15, 3, 15]);
    expect(marker).toBe('<!-- change-gate:covers #3 #15 -->');
    expect(readCoveredPulls(`summary\n\n${marker}\n<!-- change-gate:digest abc -->`)).toEqual([3, 15]);
  });

  it('reads nothing from a summary without the marker or with a malformed one', () => {
    expect(readCoveredPulls('no marker')).toBeNull();
    expect(readCoveredPulls(null)).toBeNull();
    expect(readCoveredPulls('<!-- change-gate:covers 3 -->')).toBeNull();
  });
});
