import { describe, expect, it } from 'vitest';
import { readInputs } from '../../action/src/action-inputs.ts';
import { recordingIO } from './action-harness.ts';

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
      configPath: '.github/change-management.yml',
      checkName: null,
      environment: 'production',
      sha: 'd'.repeat(40),
      branch: 'main',
      appSlug: 'change-gate',
      appId: null,
      wait: false,
      intervalMs: 10_000,
      timeoutMs: 1_800_000,
      runUrl: 'https://github.com/acme/shop/actions/runs/4242',
    });
  });

  it('reads the branch only when the workflow ran on one', () => {
    expect(read({ environment: 'p' }, { GITHUB_REF_TYPE: 'tag', GITHUB_REF_NAME: 'v1' })).toMatchObject({
      branch: null,
    });
  });

  it.each([
    [{ command: 'deploy' }, 'input command: "deploy" is not gate or finish'],
    [{}, 'input environment is required for gate'],
    [{ environment: 'p', sha: 'main' }, 'input sha: "main" is not a full commit SHA'],
    [{ environment: 'p', wait: 'yes' }, 'input wait: "yes" is not true or false'],
    [{ environment: 'p', interval: 'soon' }, 'input interval: "soon" is not a duration'],
    [{ environment: 'p', interval: '0s' }, 'input interval: at least 1s'],
    [{ environment: 'p', timeout: '7h' }, 'input timeout: at most 6h'],
    [{ environment: 'p', 'app-id': 'abc' }, 'input app-id: "abc" is not a number'],
    [{ environment: 'p', 'config-path': '../secrets.yml' }, 'must be a path inside the repository'],
    [{ command: 'finish', result: 'success' }, 'input deployment-id is empty and no gate step ran before'],
    [
      { command: 'finish', result: 'success', 'deployment-id': '1', 'coverage-format': 'jacoco' },
      'coverage-format: "jacoco"',
    ],
  ])('refuses %j', (inputs, message) => {
    expect(() => read(inputs)).toThrow(message);
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
