import { describe, expect, it } from 'vitest';
import { branchOfRef } from '../../../../src/core/deploy/branch-of-ref.ts';
import { runIdOfCallback } from '../../../../src/core/deploy/run-id-of-callback.ts';

const repo = { owner: 'acme', repo: 'shop' };

describe('runIdOfCallback', () => {
  it.each([
    ['https://api.github.com/repos/acme/shop/actions/runs/4242/deployment_protection_rule', 4242],
    ['https://ghes.example.com/api/v3/repos/Acme/Shop/actions/runs/7/deployment_protection_rule', 7],
    ['http://127.0.0.1:3000/repos/acme/shop/actions/runs/9/deployment_protection_rule/', 9],
  ])('reads the run of %s', (url, runId) => {
    expect(runIdOfCallback({ url, ...repo })).toBe(runId);
  });

  it.each([
    [
      'another repository',
      'https://api.github.com/repos/evil/shop/actions/runs/1/deployment_protection_rule',
    ],
    ['another endpoint', 'https://api.github.com/repos/acme/shop/actions/runs/1/approve'],
    ['no run id', 'https://api.github.com/repos/acme/shop/actions/runs/x/deployment_protection_rule'],
    [
      'a run id beyond a safe integer',
      `https://api.github.com/repos/acme/shop/actions/runs/${'9'.repeat(18)}/deployment_protection_rule`,
    ],
    ['run 0', 'https://api.github.com/repos/acme/shop/actions/runs/0/deployment_protection_rule'],
    ['not a URL', 'repos/acme/shop/actions/runs/1/deployment_protection_rule'],
    [
      'a broken escape in the owner',
      'https://api.github.com/repos/%E0%A4%A/shop/actions/runs/1/deployment_protection_rule',
    ],
    ['a huge string', `https://api.github.com/${'a'.repeat(5000)}`],
  ])('refuses %s', (_name, url) => {
    expect(runIdOfCallback({ url, ...repo })).toBeNull();
  });

  it.each([undefined, null, 42, {}])('refuses a callback URL that is not a string (%s)', (url) => {
    expect(runIdOfCallback({ url, ...repo })).toBeNull();
  });
});

describe('branchOfRef', () => {
  it.each([
    ['main', 'main'],
    ['release/2026.07', 'release/2026.07'],
    ['refs/heads/main', 'main'],
    ['refs/tags/v1.2.0', null],
    ['refs/pull/12/merge', null],
    ['a'.repeat(40), null],
    ['', null],
    [null, null],
    [undefined, null],
  ])('%s → %s', (ref, branch) => {
    expect(branchOfRef(ref)).toBe(branch);
  });
});
