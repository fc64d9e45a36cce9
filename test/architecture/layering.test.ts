import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import { describe, expect, it } from 'vitest';

// The same rules file `npm run deps` uses on the real tree; here it runs on small fixture trees that mirror
// the real folder names, so each rule is shown to fire on a violating import and to stay quiet otherwise.
const CONFIG = fileURLToPath(new URL('../../.dependency-cruiser.cjs', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../fixtures/layering/', import.meta.url));

async function cruiseFixture(tree: 'clean' | 'violating'): Promise<ICruiseResult> {
  const options = await extractDepcruiseOptions(CONFIG);
  const { output } = await cruise(['src', 'action/src'], { ...options, baseDir: `${FIXTURES}${tree}` });
  if (typeof output === 'string') throw new Error(`expected a JSON cruise result, got: ${output}`);
  return output;
}

// `../../../../node_modules/@octokit/rest/dist-types/index.d.ts` → `@octokit/rest`; core modules resolve
// without their `node:` prefix (`node:fs` → `fs`).
function packageOrPath(resolved: string): string {
  return resolved.replace(/^.*node_modules\/((?:@[^/]+\/)?[^/]+)\/.*$/, '$1');
}

function violations(result: ICruiseResult): string[] {
  return result.summary.violations
    .map(({ rule, from, to }) => `${rule.name}: ${from} → ${packageOrPath(to)}`)
    .sort();
}

describe('layering rules (.dependency-cruiser.cjs)', () => {
  it('reads TypeScript sources, type-only imports included', async () => {
    const result = await cruiseFixture('clean');
    const appDeps = result.modules.find((module) => module.source === 'src/app/app-deps.ts');

    // dependency-cruiser 18 reads .ts only through the TypeScript compiler API (typescript < 7) or swc; with
    // neither it cruises 0 modules and reports no violation at all, which would make `npm run deps` vacuous.
    expect(
      appDeps?.dependencies.map((dependency) => dependency.resolved).sort(),
      'dependency-cruiser found no TypeScript parser (see `npx depcruise --info`)',
    ).toEqual([
      expect.stringMatching(/node_modules\/@octokit\/rest\//),
      'src/github/octokit/octokit-port.ts',
      'src/github/ports/github-port.ts',
    ]);
  });

  it('reports nothing on a tree that keeps the layers', async () => {
    const result = await cruiseFixture('clean');

    expect(result.summary.totalCruised).toBeGreaterThanOrEqual(10);
    expect(violations(result)).toEqual([]);
  });

  it('reports each rule on the file that breaks it, and nothing on the allowed imports next to them', async () => {
    const result = await cruiseFixture('violating');

    expect(violations(result)).toEqual(
      [
        'core-no-github-sdk: src/core/policy/octokit-policy.ts → @octokit/rest',
        'core-no-io: src/core/text/read-text.ts → fs',
        'core-only-core: src/core/decision/decide-with-port.ts → src/github/ports/github-port.ts',
        'use-cases-no-adapters: src/use-cases/reconcile-with-adapter.ts → src/github/octokit/octokit-port.ts',
        'use-cases-no-github-sdk: src/use-cases/log-with-probot.ts → probot',
        'ports-only-core: src/github/ports/deploy-port.ts → src/github/octokit/octokit-port.ts',
        'ports-no-github-sdk: src/github/ports/octokit-types.ts → @octokit/rest',
        'no-sandbox-or-test: src/handlers/simulate.ts → sandbox/github-sim/simulator.ts',
        'no-sandbox-or-test: action/src/use-test-helper.ts → test/support/helper.ts',
        'src-not-action: src/cli/read-action-inputs.ts → action/src/run.ts',
        // a cycle is reported once, on its first module
        'no-circular: src/core/history/chain.ts → src/core/history/entry.ts',
        'doors-independent: src/handlers/issue-comment.ts → src/cli/main.ts',
        'doors-independent: action/src/gate.ts → src/handlers/pull-request.ts',
      ].sort(),
    );
  });

  it('has a violation in the fixture for every rule, and a comment that says what to do instead', async () => {
    const [options, result] = await Promise.all([
      extractDepcruiseOptions(CONFIG),
      cruiseFixture('violating'),
    ]);
    const rules = options.ruleSet?.forbidden ?? [];
    const reported = new Set(result.summary.violations.map((violation) => violation.rule.name));

    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) {
      expect(reported.has(rule.name ?? ''), `no fixture violation for rule ${rule.name}`).toBe(true);
      expect(rule.severity, rule.name).toBe('error');
      expect(rule.comment ?? '', rule.name).toMatch(/\. [A-Z].{20,}/);
    }
  });
});
