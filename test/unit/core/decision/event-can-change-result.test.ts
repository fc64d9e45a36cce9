import { describe, expect, it } from 'vitest';
import {
  commentCanChangeResult,
  handAddedStatusLabel,
} from '../../../../src/core/decision/event-can-change-result.ts';

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

describe('commentCanChangeResult', () => {
  const edited = { action: 'edited' as const, body: '- [x] step', previousBody: '- [ ] step' };

  it('evaluates a person’s edit of our comment (a tick in the steps comment), never our own edit of it', () => {
    expect(commentCanChangeResult({ ...edited, byOurApp: true })).toBe(true);
    expect(commentCanChangeResult({ ...edited, byOurApp: true, sentByOurApp: true })).toBe(false);
  });

  it('ignores a person editing a comment of their own that is no command', () => {
    expect(commentCanChangeResult({ ...edited, byOurApp: false })).toBe(false);
  });
});
