import { describe, expect, it } from 'vitest';
import { handAddedStatusLabel } from '../../../../src/core/decision/event-can-change-result.ts';

describe('handAddedStatusLabel', () => {
  it('names the status label a labeled event added, whatever its case', () => {
    expect(handAddedStatusLabel({ action: 'labeled', label: 'Change:Approved' })).toBe('change:approved');
    expect(handAddedStatusLabel({ action: 'labeled', label: 'change:emergency' })).toBe('change:emergency');
  });

  it('ignores other labels and other actions', () => {
    expect(handAddedStatusLabel({ action: 'labeled', label: 'change' })).toBeNull();
    expect(handAddedStatusLabel({ action: 'labeled', label: 'change:whatever' })).toBeNull();
    expect(handAddedStatusLabel({ action: 'unlabeled', label: 'change:approved' })).toBeNull();
    expect(handAddedStatusLabel({ action: 'labeled', label: undefined })).toBeNull();
  });
});
