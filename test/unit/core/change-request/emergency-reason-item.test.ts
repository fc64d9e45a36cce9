import { describe, expect, it } from 'vitest';
import { emergencyReasonItem } from '../../../../src/core/change-request/emergency-reason-item.ts';
import { parseChange } from '../../../../src/core/change-request/parse-change.ts';
import { BASE_FORM, changeFrom } from './change-for-test.ts';

describe('emergencyReasonItem', () => {
  it('asks nothing of a change that is not an emergency change', () => {
    expect(emergencyReasonItem(changeFrom(BASE_FORM))).toBeNull();
  });

  it('points at the urgency line, or the classification line, when the reason is missing', () => {
    const byUrgency = emergencyReasonItem(changeFrom([...BASE_FORM, 'urgency: emergency']));
    expect(byUrgency).toMatchObject({ ok: false, path: '/change_request/urgency', line: 5 });
    expect(byUrgency?.message).toMatch(
      /^emergency_reason: missing; an emergency change \(urgency: emergency\)/,
    );
    const byClassification = emergencyReasonItem(changeFrom(['classification: emergency', ...BASE_FORM]));
    expect(byClassification).toMatchObject({ ok: false, path: '/change_request/classification', line: 2 });
  });

  it('accepts one of the procedure criteria', () => {
    const change = changeFrom([...BASE_FORM, 'urgency: emergency', 'emergency_reason: data_breach']);
    expect(emergencyReasonItem(change)).toMatchObject({
      ok: true,
      message: 'emergency criterion: data_breach',
    });
  });

  it('reports a value outside the criteria as a schema problem at its own line', () => {
    const body = [
      '```yaml',
      'change_request:',
      ...[...BASE_FORM, 'urgency: emergency', 'emergency_reason: deadline_pressure'].map(
        (line) => `  ${line}`,
      ),
      '```',
    ].join('\n');
    const parsed = parseChange(body);
    expect(parsed.status).toBe('invalid');
    if (parsed.status === 'invalid')
      expect(parsed.problems).toEqual([expect.objectContaining({ line: 6, severity: 'error' })]);
  });
});
