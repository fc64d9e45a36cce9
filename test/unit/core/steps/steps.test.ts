import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../../../src/core/policy/default-policy.ts';
import { newlyTickedSteps } from '../../../../src/core/steps/newly-ticked-steps.ts';
import { deploymentEvidence } from '../../../../src/core/steps/proven-evidence.ts';
import { readStepCheckboxes } from '../../../../src/core/steps/read-step-checkboxes.ts';
import { renderStepsComment } from '../../../../src/core/steps/render-steps-comment.ts';
import { stepList } from '../../../../src/core/steps/step-list.ts';
import { isStepsComment } from '../../../../src/core/steps/steps-comment-marker.ts';
import { stepsOwed } from '../../../../src/core/steps/steps-owed.ts';

const STEPS = stepList(defaultPolicy());
const render = (ticks: Array<[string, { actor: string; at: string | null; evidence: string | null }]> = []) =>
  renderStepsComment({ changeId: 'CHG-2026-004', steps: STEPS, ticks: new Map(ticks), owed: new Set() });
const tickLine = (body: string, name: string) => body.replace(`- [ ] ${name}`, `- [x] ${name}`);

describe('the implementation-steps comment', () => {
  it('lists the procedure’s steps by phase, each line carrying its id, ticked ones naming who and when', () => {
    const body = render([
      ['backup_current_state', { actor: 'erin', at: '2026-07-01T10:05:09.000Z', evidence: null }],
      ['prepare_rollback_plan', { actor: 'change-gate[bot]', at: null, evidence: 'rollback_plan' }],
    ]);
    expect(isStepsComment(body, 'CHG-2026-004')).toBe(true);
    expect(isStepsComment(body, 'CHG-2026-005')).toBe(false);
    expect(body.indexOf('**Pre-implementation**')).toBeLessThan(body.indexOf('**Implementation**'));
    expect(body).toContain(
      '- [x] Backup current system state — @erin, 2026-07-01 10:05 UTC <!-- step:backup_current_state -->',
    );
    expect(body).toContain(
      '- [x] Prepare rollback plan — @change-gate\\[bot\\] (the change block has a rollback plan)',
    );
    expect(body).toContain(
      '- [ ] Deploy to production · _ticked by Change Gate from evidence_ <!-- step:deploy_to_production -->',
    );
    const boxes = readStepCheckboxes(body);
    expect(boxes.size).toBe(STEPS.length);
    expect(boxes.get('backup_current_state')).toBe(true);
    expect(boxes.get('notify_stakeholders')).toBe(false);
  });

  it('marks the steps owed before a production deploy', () => {
    const body = renderStepsComment({
      changeId: 'CHG-2026-004',
      steps: STEPS,
      ticks: new Map(),
      owed: new Set(['backup_current_state']),
    });
    expect(body).toMatch(/- \[ \] Backup current system state · \*\*required before a production deploy\*\*/);
  });

  it('reads a tick by the id on its line, whatever the line was renamed to; lines without an id are ignored', () => {
    const boxes = readStepCheckboxes(
      [
        '- [X] Renamed by someone <!-- step:notify_stakeholders -->',
        '- [x] A line of my own',
        '* [ ] Prepare rollback plan <!-- step:prepare_rollback_plan -->',
        '- [x] Again <!-- step:prepare_rollback_plan -->',
      ].join('\n'),
    );
    expect([...boxes]).toEqual([
      ['notify_stakeholders', true],
      ['prepare_rollback_plan', false],
    ]);
  });
});

describe('newlyTickedSteps', () => {
  const before = render();

  it('is the people-steps an edit ticked', () => {
    const after = tickLine(tickLine(before, 'Notify stakeholders'), 'Backup current system state');
    expect(newlyTickedSteps({ steps: STEPS, before, after }).map((step) => step.id)).toEqual([
      'notify_stakeholders',
      'backup_current_state',
    ]);
  });

  it('ignores evidence steps a person ticks: the app ticks those from what GitHub proves', () => {
    const after = tickLine(tickLine(before, 'Deploy to production'), 'Prepare rollback plan');
    expect(newlyTickedSteps({ steps: STEPS, before, after })).toEqual([]);
  });

  it('ignores unticks, ticks already there, and ids that name no step', () => {
    const ticked = tickLine(before, 'Notify stakeholders');
    expect(newlyTickedSteps({ steps: STEPS, before: ticked, after: before })).toEqual([]);
    expect(newlyTickedSteps({ steps: STEPS, before: ticked, after: ticked })).toEqual([]);
    const made_up = `${before}\n- [x] Skip the backup <!-- step:skip_backup -->`;
    expect(newlyTickedSteps({ steps: STEPS, before, after: made_up })).toEqual([]);
  });
});

describe('stepsOwed', () => {
  const owed = (risk: 'low' | 'medium' | 'high' | 'critical' | null, ticked: string[] = []) =>
    stepsOwed({ steps: STEPS, risk, ticked: new Set(ticked) }).map((step) => step.id);

  it('owes the rollback plan always and the backup only at the risk levels it names', () => {
    expect(owed('low')).toEqual(['prepare_rollback_plan']);
    expect(owed('medium')).toEqual(['prepare_rollback_plan']);
    expect(owed('high')).toEqual(['prepare_rollback_plan', 'backup_current_state']);
    expect(owed('critical', ['prepare_rollback_plan'])).toEqual(['backup_current_state']);
    expect(owed('high', ['prepare_rollback_plan', 'backup_current_state'])).toEqual([]);
  });

  it('owes every required step when the risk cannot be read', () => {
    expect(owed(null)).toEqual(['prepare_rollback_plan', 'backup_current_state']);
  });
});

describe('deploymentEvidence', () => {
  const policy = { staging_environments: ['staging', 'QA'] };
  it('proves staging by a finished deployment to a staging environment, production by one the gate let start', () => {
    const entry = (event: string, environment: string, production: boolean) => ({
      event: event as 'completed',
      data: { environment, production, deployment_id: 7 },
    });
    expect(deploymentEvidence({ policy, entries: [entry('completed', 'qa', false)] })).toEqual([
      'staging_deployment',
    ]);
    expect(deploymentEvidence({ policy, entries: [entry('failed', 'staging', false)] })).toEqual([]);
    expect(deploymentEvidence({ policy, entries: [entry('completed', 'preview', false)] })).toEqual([]);
    expect(deploymentEvidence({ policy, entries: [entry('implementing', 'production', true)] })).toEqual([
      'production_deployment',
    ]);
    expect(deploymentEvidence({ policy, entries: [entry('completed', 'production', true)] })).toEqual([
      'production_deployment',
      'deploy_finished',
    ]);
    expect(
      deploymentEvidence({
        policy,
        entries: [{ event: 'ungated_deployment', data: { environment: 'production', deployment_id: 7 } }],
      }),
    ).toEqual([]);
    // `/complete` on an issue-based change names no deployment: it proves none.
    expect(
      deploymentEvidence({ policy, entries: [{ event: 'completed', data: { via: 'command' } }] }),
    ).toEqual([]);
  });
});
