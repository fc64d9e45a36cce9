import { describe, expect, it } from 'vitest';
import { readInputs } from '../../action/src/action-inputs.ts';
import { previousMonth } from '../../action/src/report.ts';
import { recordingIO } from './action-harness.ts';

const PEM = '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----';

const read = (inputs: Record<string, string>, env: Record<string, string> = {}) =>
  readInputs(recordingIO({ inputs: { 'github-token': 't', ...inputs }, env }));

describe('readInputs', () => {
  it('fills gate defaults from the workflow environment', () => {
    expect(read({ environment: 'production' })).toEqual({
      command: 'gate',
      token: 't',
      owner: 'acme',
      repo: 'shop',
      apiUrl: 'https://api.github.com',
      checkName: null,
      environment: 'production',
      sha: 'd'.repeat(40),
      appSlug: 'change-gate',
      appId: null,
      wait: false,
      intervalMs: 10_000,
      timeoutMs: 1_800_000,
      runUrl: 'https://github.com/acme/shop/actions/runs/4242',
    });
  });

  it("never takes the policy from a file the workflow names: config-path is the app's or refused", () => {
    expect(read({ environment: 'p', 'config-path': '.github/change-management.yml' })).toMatchObject({
      command: 'gate',
    });
    expect(() => read({ environment: 'p', 'config-path': '.github/lenient.yml' })).toThrow(
      'input config-path: ".github/lenient.yml" is not read: the policy is .github/change-management.yml on the default branch, as the app reads it; remove the input',
    );
  });

  it.each([
    [{ command: 'deploy' }, 'input command: "deploy" is not gate, finish, sweep, report or validate'],
    [{ command: 'report' }, 'input public-key is required for report'],
    [{ command: 'report', 'public-key': 'ssh-rsa AAAA' }, 'input public-key: no PEM key in it'],
    [
      { command: 'report', 'public-key': PEM, period: '2026-13' },
      'input period: report period "2026-13" is not a month',
    ],
    [{ command: 'report', 'public-key': PEM, period: '2026-01', from: '2026-01-01' }, 'not both'],
    [{ command: 'report', 'public-key': PEM, from: '2026-01-01' }, 'give both ends of the range'],
    [
      { command: 'report', 'public-key': PEM, from: '2026-02-01', to: '2026-01-01' },
      'input from/to: report period from',
    ],
    [
      { command: 'report', 'public-key': PEM, 'report-file': '../out.json' },
      'input report-file: "../out.json"',
    ],
    [
      { command: 'report', 'public-key': PEM, 'report-file': '/tmp/out.json' },
      'is not a path inside the workspace',
    ],
    [{ command: 'sweep' }, 'input app-id is required for sweep'],
    [{ command: 'sweep', 'app-id': '7' }, 'input private-key is required for sweep'],
    [{ command: 'sweep', 'app-id': '7', 'private-key': 'k', scope: 'world' }, 'input scope: "world"'],
    [{}, 'input environment is required for gate'],
    [{ environment: 'p', sha: 'main' }, 'input sha: "main" is not a full commit SHA'],
    [{ environment: 'p', wait: 'yes' }, 'input wait: "yes" is not true or false'],
    [{ environment: 'p', interval: 'soon' }, 'input interval: "soon" is not a duration'],
    [{ environment: 'p', interval: '0s' }, 'input interval: at least 1s'],
    [{ environment: 'p', timeout: '7h' }, 'input timeout: at most 6h'],
    [{ environment: 'p', 'app-id': 'abc' }, 'input app-id: "abc" is not a number'],
    [{ command: 'finish', result: 'success' }, 'input deployment-id is empty and no gate step ran before'],
    [
      { command: 'finish', result: 'success', 'deployment-id': '1', 'coverage-format': 'jacoco' },
      'coverage-format: "jacoco"',
    ],
  ])('refuses %j', (inputs, message) => {
    expect(() => read(inputs)).toThrow(message);
  });

  it('sweep: the app, its key, the label and the scope (this repository by default)', () => {
    expect(read({ command: 'sweep', 'app-id': '7', 'private-key': 'a\\nb' })).toMatchObject({
      command: 'sweep',
      appId: 7,
      appSlug: 'change-gate',
      privateKey: 'a\nb',
      label: 'change',
      scope: 'repository',
    });
    expect(
      read(
        { command: 'sweep', 'app-id': '7', scope: 'organization', label: 'cr' },
        { CHANGE_GATE_SIGNING_KEY: 'k' },
      ),
    ).toMatchObject({ privateKey: null, scope: 'organization', label: 'cr' });
  });

  it('report: every PEM block of public-key, the month or range, and the JSON file in the workspace', () => {
    const two = `${PEM}\n${PEM.replace('AAAA', 'BBBB')}`;
    expect(read({ command: 'report', 'public-key': two })).toMatchObject({
      command: 'report',
      period: null,
      publicKeys: [PEM, PEM.replace('AAAA', 'BBBB')],
      reportFile: 'change-report.json',
      appSlug: 'change-gate',
    });
    expect(read({ command: 'report', 'public-key': PEM, period: '2026-01' })).toMatchObject({
      period: '2026-01',
    });
    expect(
      read({
        command: 'report',
        'public-key': PEM,
        from: '2026-01-01T00:00:00Z',
        to: '2026-01-15T00:00:00Z',
      }),
    ).toMatchObject({ period: { from: '2026-01-01T00:00:00Z', to: '2026-01-15T00:00:00Z' } });
  });

  it('report: a schedule on the 1st reports the month that just ended, across a year', () => {
    expect(previousMonth(new Date('2026-03-01T06:00:00Z'))).toBe('2026-02');
    expect(previousMonth(new Date('2026-01-01T00:00:00Z'))).toBe('2025-12');
    expect(previousMonth(new Date('2026-12-31T23:59:59Z'))).toBe('2026-11');
  });

  it('refuses an empty token and a missing repository', () => {
    expect(() => readInputs(recordingIO({ inputs: { environment: 'p' } }))).toThrow(
      'input github-token is empty',
    );
    expect(() => read({ environment: 'p' }, { GITHUB_REPOSITORY: '' })).toThrow('is not owner/repo');
  });

  it('maps job.status values and spellings of rollback for finish', () => {
    const result = (text: string) => {
      const inputs = read({ command: 'finish', result: text, 'deployment-id': '5' });
      return inputs.command === 'finish' ? inputs.result : null;
    };
    expect(result('success')).toBe('success');
    expect(result('cancelled')).toBe('failure');
    expect(result('Rolled Back')).toBe('rolled_back');
    expect(result('rolled-back')).toBe('rolled_back');
  });
});
