import { describe, expect, it } from 'vitest';
import { dueMarker, readDueMarker, withDueMarker } from '../../../../src/core/decision/due-marker.ts';

describe('the due marker', () => {
  it('is rewritten in place to another time, and text without one is left as it is', () => {
    const summary = `Pending approval.\n${dueMarker('2026-05-02T12:00:00.000Z')}\nmore`;
    const now = withDueMarker(summary, '2026-05-01T08:00:00.000Z');
    expect(readDueMarker(now)).toEqual({ due: '2026-05-01T08:00:00.000Z' });
    expect(now.replace(dueMarker('2026-05-01T08:00:00.000Z'), '')).toBe(
      summary.replace(dueMarker('2026-05-02T12:00:00.000Z'), ''),
    );
    expect(readDueMarker(withDueMarker(summary, null))).toEqual({ due: null });
    expect(withDueMarker('No marker here.', '2026-05-01T08:00:00.000Z')).toBe('No marker here.');
  });
});
