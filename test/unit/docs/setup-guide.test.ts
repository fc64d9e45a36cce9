import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { judgeEnforcement } from '../../../src/core/doctor/judge-enforcement.ts';
import type { RepositoryFacts } from '../../../src/core/doctor/repository-facts.ts';
import { defaultPolicy } from '../../../src/core/policy/default-policy.ts';
import {
  ACTION,
  APP_ID_IN_GUIDE,
  type Block,
  checkCodeowners,
  checkConfig,
  checkEnvFile,
  checkRequestBody,
  checkShell,
  checkWorkflow,
  type DOTCOM,
  fencedBlocks,
  type GhCall,
  GUIDE,
  type Kind,
  kindOf,
  MANIFEST,
  OUR_REPO,
  OURS,
  packageDir,
  READ_BY_APP,
  ROOT,
  read,
  type Workflow,
} from './setup-guide-checks.ts';

const BLOCKS = fencedBlocks(GUIDE);
const ofKind = (kind: Kind) => BLOCKS.filter((block) => kindOf(block) === kind);
const label = (block: Block) => `docs/setup.md:${block.line}`;

describe('docs/setup.md', () => {
  it('has only blocks of a kind this test validates', () => {
    expect(BLOCKS.length).toBeGreaterThan(10);
    expect(BLOCKS.filter((block) => kindOf(block) === null).map(label)).toEqual([]);
  });

  it('has configs that load with the app loader, without warnings', () => {
    expect(ofKind('config').length).toBeGreaterThanOrEqual(2);
    expect(
      ofKind('config').flatMap((block) => checkConfig(block.body).map((p) => `${label(block)} ${p}`)),
    ).toEqual([]);
  });

  it('has workflows whose actions are pinned and whose inputs the action has', () => {
    const workflows = ofKind('workflow');
    expect(workflows.length).toBeGreaterThanOrEqual(1);
    expect(
      workflows.flatMap((block) => checkWorkflow(block.body).map((p) => `${label(block)} ${p}`)),
    ).toEqual([]);
    // The guide shows the action's gate step tied to the app by slug and id.
    const steps = workflows
      .flatMap((block) => Object.values((parse(block.body) as Workflow).jobs))
      .flatMap((job) => job.steps ?? []);
    expect(steps.some((step) => step.with?.['app-slug'] === 'change-gate' && step.with['app-id'])).toBe(true);
  });

  it('has request bodies that match the operation in GitHub REST description, each sent by a command', () => {
    const requests = ofKind('request');
    expect(requests.map((block) => block.info).sort()).toEqual([
      'POST /repos/{owner}/{repo}/environments/{environment_name}/deployment_protection_rules',
      'POST /repos/{owner}/{repo}/rulesets',
    ]);
    expect(requests.flatMap((block) => checkRequestBody(block.info, block.body))).toEqual([]);
    const calls: GhCall[] = [];
    for (const block of ofKind('sh')) checkShell(block.body, calls);
    for (const block of requests) {
      const [method, template] = block.info.split(' ');
      const call = calls.find((c) => c.method === method && c.path === template && c.input);
      expect(call, `no gh api command sends ${block.info}`).toBeDefined();
      expect(GUIDE).toContain(`\`${call!.input}\``);
    }
  });

  it('requires the check with a ruleset pinned to the app on the default branch, with no bypass', () => {
    const [ruleset] = ofKind('request').filter((block) => block.info.endsWith('/rulesets'));
    const body = JSON.parse(ruleset!.body) as {
      enforcement: string;
      bypass_actors: unknown[];
      conditions: { ref_name: { include: string[] } };
      rules: Array<{ type: string; parameters?: Record<string, unknown> }>;
    };
    expect(body.enforcement).toBe('active');
    expect(body.bypass_actors).toEqual([]);
    expect(body.conditions.ref_name.include).toContain('~DEFAULT_BRANCH');
    const checks = body.rules.find((rule) => rule.type === 'required_status_checks')?.parameters
      ?.required_status_checks as Array<{ context: string; integration_id?: number }>;
    expect(checks).toEqual([{ context: defaultPolicy().check_name, integration_id: APP_ID_IN_GUIDE }]);
    const pullRequest = body.rules.find((rule) => rule.type === 'pull_request')?.parameters;
    expect(pullRequest?.require_code_owner_review).toBe(true);
    const [rule] = ofKind('request').filter((block) => block.info.endsWith('/deployment_protection_rules'));
    expect(JSON.parse(rule!.body)).toEqual({ integration_id: APP_ID_IN_GUIDE });
  });

  it('has commands that name only existing scripts, files, REST operations and variables the app reads', () => {
    expect(
      ofKind('sh').flatMap((block) => checkShell(block.body).map((p) => `${label(block)} ${p}`)),
    ).toEqual([]);
  });

  it('has env files of variables the app reads', () => {
    expect(
      ofKind('env').flatMap((block) => checkEnvFile(block.body).map((p) => `${label(block)} ${p}`)),
    ).toEqual([]);
  });

  it('has CODEOWNERS lines GitHub accepts, owning the config', () => {
    const blocks = ofKind('codeowners');
    expect(blocks.flatMap((block) => checkCodeowners(block.body))).toEqual([]);
    const patterns = blocks.flatMap((block) =>
      block.body
        .split('\n')
        .filter((line) => line.trim() && !line.startsWith('#'))
        .map((line) => line.split(/\s+/)[0]),
    );
    expect(patterns).toContain('/.github/change-management.yml');
  });

  it('documents every variable the app reads, and each of Probot variables it lists is one Probot reads', () => {
    const documented = new Set(
      [...GUIDE.matchAll(/^\| `([A-Z][A-Z0-9_]+)`(?: \/ `([A-Z][A-Z0-9_]+)`)?/gm)].flatMap((m) =>
        [m[1]!, m[2]].filter((name): name is string => Boolean(name)),
      ),
    );
    expect([...OURS].filter((name) => !documented.has(name))).toEqual([]);
    const probot = [
      'APP_ID',
      'PRIVATE_KEY',
      'PRIVATE_KEY_PATH',
      'WEBHOOK_SECRET',
      'GHE_HOST',
      'GHE_PROTOCOL',
    ];
    const more = ['PORT', 'LOG_LEVEL', 'WEBHOOK_PROXY_URL'];
    expect([...probot, ...more].filter((name) => !documented.has(name))).toEqual([]);
    expect([...documented].filter((name) => !READ_BY_APP.has(name))).toEqual([]);
  });

  it('lists every permission and event of app.yml for a registration by hand', () => {
    for (const [permission, access] of Object.entries(MANIFEST.default_permissions)) {
      expect(GUIDE).toMatch(new RegExp(`^\\| \`${permission}\`\\s+\\| ${access}\\s+\\|$`, 'm'));
    }
    const events = /^Events: ([\s\S]*?)\.$/m
      .exec(GUIDE)?.[1]
      ?.match(/`[a-z_]+`/g)
      ?.map((e) => e.slice(1, -1));
    expect(events?.sort()).toEqual([...MANIFEST.default_events].sort());
  });

  it('names exactly the GHES releases whose REST description holds the operations of its request bodies', () => {
    const dir = join(packageDir('@octokit/openapi'), 'generated');
    const operations = ofKind('request').map((block) => block.info.split(' ') as [string, string]);
    const holding = readdirSync(dir)
      .map((name) => /^ghes-(\d+\.\d+)\.json$/.exec(name)?.[1])
      .filter((version): version is string => Boolean(version))
      .filter((version) => {
        const { paths } = JSON.parse(
          readFileSync(join(dir, `ghes-${version}.json`), 'utf8'),
        ) as typeof DOTCOM;
        return operations.every(([method, template]) => paths[template]?.[method.toLowerCase()]);
      })
      .sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]));
    const named = /REST descriptions of GHES ([\d., and]+?) published/.exec(GUIDE)?.[1]?.match(/\d+\.\d+/g);
    expect(named).toEqual(holding);
  });

  it('sets up a repository that change-gate doctor judges complete, with either way of gating deploys', () => {
    const request = (suffix: string) =>
      JSON.parse(ofKind('request').find((b) => b.info.endsWith(suffix))!.body);
    const ruleset = request('/rulesets') as {
      rules: Array<{
        type: string;
        parameters?: { required_status_checks?: Array<{ context: string; integration_id: number }> };
      }>;
    };
    const requiredChecks = ruleset.rules
      .flatMap((rule) => rule.parameters?.required_status_checks ?? [])
      .map((check) => ({ context: check.context, appId: check.integration_id }));
    const ruleApp = (request('/deployment_protection_rules') as { integration_id: number }).integration_id;
    const [codeowners] = ofKind('codeowners');
    const [workflow] = ofKind('workflow');
    const facts = (gate: 'rule' | 'action'): RepositoryFacts => ({
      repository: 'acme/payments',
      defaultBranch: 'main',
      app: { slug: 'change-gate', id: APP_ID_IN_GUIDE },
      // Step 3 copies the procedure's config.
      configText: { read: true, value: read('.github/change-management.yml') },
      rulesets: { read: true, value: { requiredChecks, restrictedFilePaths: [] } },
      branchProtection: { read: true, value: null },
      codeowners: { read: true, value: { path: '.github/CODEOWNERS', text: codeowners!.body } },
      environments: {
        read: true,
        value: [
          {
            name: 'production',
            protectionApps: gate === 'rule' ? [{ id: ruleApp, slug: 'change-gate' }] : [],
          },
        ],
      },
      workflows: {
        read: true,
        value: gate === 'action' ? [{ path: '.github/workflows/deploy.yml', text: workflow!.body }] : [],
      },
      installationPermissions: { read: true, value: MANIFEST.default_permissions },
    });
    for (const gate of ['rule', 'action'] as const) {
      expect(judgeEnforcement(facts(gate)).filter((item) => item.ok !== true)).toEqual([]);
    }
    // Without the guide's ruleset, the same repository is not enforced.
    const bare = {
      ...facts('rule'),
      rulesets: { read: true as const, value: { requiredChecks: [], restrictedFilePaths: [] } },
    };
    expect(judgeEnforcement(bare).find((item) => item.id === 'required-check')?.ok).toBe(false);
  });

  it('links only to files and headings that exist', () => {
    // GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens.
    const anchors = (markdown: string) =>
      new Set(
        [...markdown.matchAll(/^#{1,6} (.+)$/gm)].map((m) =>
          m[1]!
            .toLowerCase()
            .replace(/[^\p{L}\p{N}\s_-]/gu, '')
            .replace(/\s/g, '-'),
        ),
      );
    const broken = [...GUIDE.matchAll(/\]\(([^)\s]+)\)/g)]
      .map((m) => m[1]!)
      .filter((target) => !/^https?:/.test(target))
      .filter((target) => {
        const [file, anchor] = target.split('#');
        const path = file ? join(ROOT, 'docs', file) : join(ROOT, 'docs/setup.md');
        if (!existsSync(path)) return true;
        return anchor !== undefined && !anchors(readFileSync(path, 'utf8')).has(anchor);
      });
    expect(broken).toEqual([]);
  });

  it('asks the deploy workflow for the permissions of the example workflow', () => {
    const example = parse(read('docs/workflows/deploy.yml')) as { permissions: Record<string, string> };
    const [workflow] = ofKind('workflow');
    expect((parse(workflow!.body) as { permissions: unknown }).permissions).toEqual(example.permissions);
  });

  it('names the runtime the action runs on', () => {
    expect(GUIDE).toContain(`\`${ACTION.runs.using}\``);
  });

  it('links the guide from the README', () => {
    expect(read('README.md').includes('](docs/setup.md)'), 'README links docs/setup.md').toBe(true);
  });
});

describe('the guide validators', () => {
  it('refuse what the guide must not show', () => {
    expect(kindOf({ lang: 'yaml', info: '', body: 'foo: 1', line: 1 })).toBeNull();
    expect(kindOf({ lang: 'bash', info: '', body: 'ls', line: 1 })).toBeNull();
    expect(kindOf({ lang: 'json', info: '', body: '{}', line: 1 })).toBeNull();
    expect(checkConfig('change_management:\n  approval_workflw: {}\n')).not.toEqual([]);
    const workflow = (uses: string, withs = '') =>
      `on: push\njobs:\n  d:\n    runs-on: x\n    steps:\n      - uses: ${uses}\n${withs}`;
    expect(checkWorkflow(workflow('actions/checkout@main'))).toEqual([
      'd: uses actions/checkout@main is not pinned to a tag or commit',
    ]);
    expect(
      checkWorkflow(workflow(`${OUR_REPO}/action@v1`, '        with:\n          app_slug: x\n')),
    ).toEqual(['d: action/action.yml has no input app_slug']);
    expect(checkWorkflow(workflow('someone/else/action@v1'))).toEqual([
      `d: the action is someone/else/action, app.yml says ${OUR_REPO}`,
    ]);
    expect(
      checkRequestBody('POST /repos/{owner}/{repo}/rulesets', '{"name":"x","enforcement":"on","rules":[]}'),
    ).toHaveLength(1);
    expect(checkRequestBody('POST /repos/{owner}/{repo}/no-such-thing', '{}')).toHaveLength(1);
    expect(checkShell('npm run no-such-script')).toEqual(['npm run no-such-script: no such script']);
    expect(checkShell('APP_ID=1 NOT_READ=1 npm start')).toEqual(['NOT_READ: the app does not read it']);
    expect(checkShell('curl https://example.com')).toHaveLength(1);
    expect(checkShell('cp no/such/file ../x')).toHaveLength(1);
    expect(checkShell('gh api --method POST /repos/a/b/no-such-thing')).toHaveLength(1);
    expect(checkShell('docker build -t cg . && docker run -e NOT_READ cg')).toEqual([
      'docker run -e NOT_READ: the app does not read it',
    ]);
    expect(checkShell('docker run -e APP_ID never-built')).toEqual([
      'docker run never-built: not an image built above',
    ]);
    expect(checkShell('docker build -t cg . && docker run -p 8080:80 cg')).toEqual([
      'docker run -p 8080:80: the Dockerfile exposes 3000',
    ]);
    expect(checkShell('APP_ID=1 npx change-gate doctor --repo a/b --frob')).toEqual([
      'APP_ID: the CLI does not read it',
      "npx change-gate doctor: the CLI's help has no --frob",
    ]);
    expect(checkShell('GH_TOKEN="$(gh auth token)" npx change-gate doctor --repo a/b')).toEqual([]);
    expect(checkShell('npx change-gate frobnicate x')).toEqual([
      "npx change-gate frobnicate: not a command of the CLI's help",
    ]);
    expect(checkEnvFile('NOT_READ=1\nAPP_ID=1')).toEqual(['env: the app does not read NOT_READ']);
    expect(checkCodeowners('/.github/change-management.yml\n/x @acme/team not-an-owner')).toEqual([
      'CODEOWNERS: no owner in /.github/change-management.yml',
      'CODEOWNERS: bad owner not-an-owner',
    ]);
  });
});
