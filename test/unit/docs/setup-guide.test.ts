import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { getOpenApiValidator } from '../../../sandbox/github-sim/fidelity/openapi-validator.ts';
import { HELP_TEXT } from '../../../src/cli/help-text.ts';
import { judgeEnforcement } from '../../../src/core/doctor/judge-enforcement.ts';
import type { RepositoryFacts } from '../../../src/core/doctor/repository-facts.ts';
import { defaultPolicy } from '../../../src/core/policy/default-policy.ts';
import { loadPolicy } from '../../../src/core/policy/load-policy.ts';

// Every fenced block of docs/setup.md is validated by its kind; a block of any other kind fails.

const ROOT = new URL('../../../', import.meta.url).pathname;
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const read2 = (path: string) => readFileSync(path, 'utf8');
const GUIDE = read('docs/setup.md');
const PACKAGE = JSON.parse(read('package.json')) as {
  scripts: Record<string, string>;
  bin: Record<string, string>;
};
const ACTION = parse(read('action/action.yml')) as {
  inputs: Record<string, unknown>;
  runs: { using: string };
};
const MANIFEST = parse(read('app.yml')) as {
  url: string;
  default_events: string[];
  default_permissions: Record<string, string>;
};

interface Block {
  lang: string;
  info: string;
  body: string;
  line: number;
}

const fencedBlocks = (markdown: string): Block[] => {
  const blocks: Block[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(\S*)[ \t]*(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const end = lines.findIndex((text, j) => j > i && /^\s*```\s*$/.test(text));
    if (end < 0) throw new Error(`unclosed fence at line ${i + 1}`);
    blocks.push({
      lang: open[2]!,
      info: open[3]!.trim(),
      body: lines.slice(i + 1, end).join('\n'),
      line: i + 1,
    });
    i = end;
  }
  return blocks;
};

// ---- What the app reads from its environment: ours (src/, the app's code) and Probot's. ----

const filesUnder = (dir: string, ext: RegExp): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path, ext);
    return ext.test(name) ? [path] : [];
  });
const envNamesIn = (files: string[]): Set<string> =>
  new Set(
    files.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/\benv(?:\.|\[['"])([A-Z][A-Z0-9_]+)/g)].map((m) => m[1]!),
    ),
  );
const require = createRequire(import.meta.url);
/** A package's folder: up from its entry point to the package.json that names it. */
const packageDir = (name: string): string => {
  let dir = dirname(require.resolve(name));
  while (
    !existsSync(join(dir, 'package.json')) ||
    JSON.parse(read2(join(dir, 'package.json'))).name !== name
  ) {
    if (dirname(dir) === dir) throw new Error(`no package.json for ${name}`);
    dir = dirname(dir);
  }
  return dir;
};
/** The app is src/ without the CLI (a separate door, with its own variables). */
const OURS = envNamesIn(filesUnder(join(ROOT, 'src'), /\.ts$/).filter((file) => !file.includes('/src/cli/')));
const PROBOTS = envNamesIn([
  ...filesUnder(join(packageDir('probot'), 'lib'), /\.js$/),
  ...filesUnder(join(packageDir('@probot/get-private-key'), 'dist-src'), /\.js$/),
]);
const READ_BY_APP = new Set([...OURS, ...PROBOTS]);
/** What the CLI (`change-gate validate`, `doctor`) reads. */
const READ_BY_CLI = envNamesIn(filesUnder(join(ROOT, 'src/cli'), /\.ts$/));
const DOTCOM = JSON.parse(
  readFileSync(join(packageDir('@octokit/openapi'), 'generated', 'api.github.com.json'), 'utf8'),
) as { paths: Record<string, Record<string, unknown>> };

// ---- Validators, one per kind. Each returns its problems (empty when the block is fine). ----

const APP_ID_IN_GUIDE = 123456;
const OUR_REPO = new URL(MANIFEST.url).pathname.replace(/^\/|\/$/g, '');

const checkConfig = (body: string): string[] => {
  const result = loadPolicy(body);
  if (result.status === 'invalid')
    return result.problems.map((p) => `config: ${p.line}:${p.column} ${p.message}`);
  return result.warnings.map((p) => `config warning: ${p.message}`);
};

interface Workflow {
  jobs: Record<string, { steps?: Array<{ uses?: string; with?: Record<string, unknown> }> }>;
}

const checkWorkflow = (body: string): string[] => {
  const workflow = parse(body) as Workflow;
  const problems: string[] = [];
  for (const [jobName, job] of Object.entries(workflow.jobs)) {
    for (const step of job.steps ?? []) {
      if (!step.uses) continue;
      const match = /^([\w.-]+\/[\w.-]+)(\/[\w./-]+)?@(.+)$/.exec(step.uses);
      if (!match) {
        problems.push(`${jobName}: uses ${step.uses} has no ref`);
        continue;
      }
      const [, repo, subpath, ref] = match;
      // Pinned: a release tag (v1, v1.2.3) or a full commit SHA, never a branch.
      if (!/^v\d+(\.\d+){0,2}$/.test(ref!) && !/^[0-9a-f]{40}$/.test(ref!)) {
        problems.push(`${jobName}: uses ${step.uses} is not pinned to a tag or commit`);
      }
      if (subpath !== '/action') continue;
      if (repo !== OUR_REPO)
        problems.push(`${jobName}: the action is ${repo}/action, app.yml says ${OUR_REPO}`);
      for (const input of Object.keys(step.with ?? {})) {
        if (!(input in ACTION.inputs)) problems.push(`${jobName}: action/action.yml has no input ${input}`);
      }
      const appId = step.with?.['app-id'];
      if (appId !== undefined && appId !== APP_ID_IN_GUIDE)
        problems.push(`${jobName}: app-id ${String(appId)}`);
    }
  }
  return problems;
};

const checkRequestBody = (info: string, body: string): string[] => {
  const [method, template] = info.split(/\s+/);
  const validator = getOpenApiValidator();
  const operation = validator.document.paths[template ?? '']?.[(method ?? '').toLowerCase()];
  if (!method || !template || !operation) return [`json: ${info} is not an operation of GitHub's REST API`];
  // The operation exists on github.com too (the validator holds the newest GHES description).
  if (!DOTCOM.paths[template]?.[method.toLowerCase()])
    return [`json: ${info} is not an operation on github.com`];
  const ref = { method: method.toUpperCase(), template, operationId: operation.operationId ?? info };
  const reason = validator.checkRequestBody(ref, JSON.parse(body));
  return reason ? [reason] : [];
};

const checkEnvFile = (body: string): string[] =>
  body
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'))
    .flatMap((line) => {
      const name = /^([A-Z][A-Z0-9_]*)=/.exec(line)?.[1];
      if (!name) return [`env: not NAME=value: ${line}`];
      return READ_BY_APP.has(name) ? [] : [`env: the app does not read ${name}`];
    });

const OWNER = /^(@[A-Za-z0-9-]+(\/[A-Za-z0-9_.-]+)?|[^@\s]+@[^@\s]+\.[a-z]+)$/;

const checkCodeowners = (body: string): string[] =>
  body
    .split('\n')
    .filter((line) => line.trim() && !line.trim().startsWith('#'))
    .flatMap((line) => {
      const [pattern, ...owners] = line.trim().split(/\s+/);
      if (!pattern || owners.length === 0) return [`CODEOWNERS: no owner in ${line}`];
      if (/^!|\[|\\#/.test(pattern)) return [`CODEOWNERS: GitHub does not support ${pattern}`];
      return owners.filter((owner) => !OWNER.test(owner)).map((owner) => `CODEOWNERS: bad owner ${owner}`);
    });

/** Splits a command line into words, honouring single and double quotes. */
const words = (line: string): string[] =>
  [...line.matchAll(/(?:'[^']*'|"[^"]*"|[^\s'"])+/g)].map((m) => m[0].replace(/^(['"])([\s\S]*)\1$/, '$2'));

interface GhCall {
  method: string;
  path: string;
  input?: string | undefined;
}

/** Tags of the images `docker build` made in the blocks checked so far. */
const images = new Set<string>();

const SH_PROGRAMS: Record<string, (args: string[], calls: GhCall[]) => string[]> = {
  npm: ([sub, ...rest]) => {
    if (sub === 'ci' || sub === 'install') return [];
    if (sub === 'start' || sub === 'test')
      return sub in PACKAGE.scripts ? [] : [`npm ${sub}: no such script`];
    if (sub === 'run') return rest[0]! in PACKAGE.scripts ? [] : [`npm run ${rest[0]}: no such script`];
    return [`npm ${sub}: not a command this guide may use`];
  },
  npx: ([bin, sub, ...rest]) => {
    if (!(bin! in PACKAGE.bin)) return [`npx ${bin}: not a bin of package.json`];
    if (!HELP_TEXT.includes(`${bin} ${sub}`)) return [`npx ${bin} ${sub}: not a command of the CLI's help`];
    return rest
      .filter((arg) => arg.startsWith('--') && !HELP_TEXT.includes(arg))
      .map((arg) => `npx ${bin} ${sub}: the CLI's help has no ${arg}`);
  },
  node: ([file]) => (existsSync(join(ROOT, file!)) ? [] : [`node ${file}: no such file`]),
  mkdir: () => [],
  cp: (args) => {
    const [source] = args.filter((arg) => !arg.startsWith('-'));
    return existsSync(join(ROOT, source!)) ? [] : [`cp ${source}: no such file in Change Gate`];
  },
  openssl: ([sub]) => (['rsa', 'genrsa', 'pkey'].includes(sub!) ? [] : [`openssl ${sub}: unexpected`]),
  docker: ([sub, ...rest]) => {
    if (sub === 'build') {
      const tag = rest[rest.indexOf('-t') + 1];
      if (!rest.includes('-t') || !tag) return ['docker build: no -t tag'];
      if (rest.at(-1) !== '.' || !existsSync(join(ROOT, 'Dockerfile')))
        return ['docker build: no ./Dockerfile'];
      images.add(tag);
      return [];
    }
    if (sub !== 'run') return [`docker ${sub}: unexpected`];
    const problems: string[] = [];
    const exposed = [...read('Dockerfile').matchAll(/^EXPOSE\s+(\d+)/gm)].map((m) => m[1]);
    rest.forEach((arg, i) => {
      if (arg !== '-p' && arg !== '--publish') return;
      const port = rest[i + 1]!.split(':').at(-1);
      if (!exposed.includes(port))
        problems.push(`docker run -p ${rest[i + 1]}: the Dockerfile exposes ${exposed}`);
    });
    // The image is the last word before the command, here always the last word: one the guide built.
    if (!images.has(rest.at(-1)!)) problems.push(`docker run ${rest.at(-1)}: not an image built above`);
    rest.forEach((arg, i) => {
      if (arg !== '-e' && arg !== '--env') return;
      const name = rest[i + 1]!.split('=')[0]!;
      if (!READ_BY_APP.has(name)) problems.push(`docker run -e ${name}: the app does not read it`);
    });
    return problems;
  },
  gh: ([sub, ...rest], calls) => {
    if (sub !== 'api') return [`gh ${sub}: unexpected`];
    let method = 'GET';
    let input: string | undefined;
    let path: string | undefined;
    for (let i = 0; i < rest.length; i++) {
      const arg = rest[i]!;
      if (arg === '--method' || arg === '-X') method = rest[++i]!;
      else if (arg === '--input') input = rest[++i];
      else if (arg === '--jq' || arg === '-q' || arg === '-f' || arg === '-F') i++;
      else if (!arg.startsWith('-')) path ??= arg;
    }
    if (!path) return ['gh api: no path'];
    const operation = getOpenApiValidator().matchOperation(method, path.startsWith('/') ? path : `/${path}`);
    if (!operation) return [`gh api ${method} ${path}: not an operation of GitHub's REST API`];
    calls.push({ method, path: operation.template, input });
    return [];
  },
};

const checkShell = (body: string, calls: GhCall[] = []): string[] =>
  body
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.replace(/(^|\s)#.*$/, '').trim())
    .filter(Boolean)
    .flatMap((line) => line.split(/\s*(?:&&|\|\||;|\|)\s*/))
    .flatMap((command) => {
      const argv = words(command);
      const problems: string[] = [];
      const assigned: string[] = [];
      while (argv[0] && /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[0])) assigned.push(argv.shift()!.split('=')[0]!);
      const [program, ...args] = argv;
      // Variables before `npx change-gate` are the CLI's; before anything else, the app's.
      const [reads, reader] = program === 'npx' ? [READ_BY_CLI, 'the CLI'] : [READ_BY_APP, 'the app'];
      for (const name of assigned) if (!reads.has(name)) problems.push(`${name}: ${reader} does not read it`);
      const check = program ? SH_PROGRAMS[program] : undefined;
      if (!check) return [...problems, `sh: ${program ?? '(nothing)'} is not a command this guide may use`];
      return [...problems, ...check(args, calls)];
    });

type Kind = 'config' | 'workflow' | 'request' | 'sh' | 'env' | 'codeowners';

const kindOf = (block: Block): Kind | null => {
  if (block.lang === 'sh') return 'sh';
  if (block.lang === 'env') return 'env';
  if (block.lang === 'codeowners') return 'codeowners';
  if (block.lang === 'json' && /^(GET|POST|PUT|PATCH|DELETE) \/\S+$/.test(block.info)) return 'request';
  if (block.lang === 'yaml') {
    const root = parse(block.body) as Record<string, unknown> | null;
    if (root && ('change_management' in root || '_extends' in root)) return 'config';
    if (root && 'jobs' in root && 'on' in root) return 'workflow';
  }
  return null;
};

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
