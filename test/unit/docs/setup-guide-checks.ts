import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { getOpenApiValidator } from '../../../sandbox/github-sim/fidelity/openapi-validator.ts';
import { HELP_TEXT } from '../../../src/cli/help-text.ts';
import { loadPolicy } from '../../../src/core/policy/load-policy.ts';

// The checks of test/unit/docs/setup-guide.test.ts: every fenced block of docs/setup.md is validated by its
// kind; a block of any other kind fails. Each check returns its problems (empty when the block is fine).

export const ROOT = new URL('../../../', import.meta.url).pathname;
export const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const readAbsolute = (path: string) => readFileSync(path, 'utf8');
export const GUIDE = read('docs/setup.md');
const PACKAGE = JSON.parse(read('package.json')) as {
  scripts: Record<string, string>;
  bin: Record<string, string>;
};
export const ACTION = parse(read('action/action.yml')) as {
  inputs: Record<string, unknown>;
  runs: { using: string };
};
export const MANIFEST = parse(read('app.yml')) as {
  url: string;
  default_events: string[];
  default_permissions: Record<string, string>;
};

export interface Block {
  lang: string;
  info: string;
  body: string;
  line: number;
}

export const fencedBlocks = (markdown: string): Block[] => {
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
export const packageDir = (name: string): string => {
  let dir = dirname(require.resolve(name));
  while (
    !existsSync(join(dir, 'package.json')) ||
    JSON.parse(readAbsolute(join(dir, 'package.json'))).name !== name
  ) {
    if (dirname(dir) === dir) throw new Error(`no package.json for ${name}`);
    dir = dirname(dir);
  }
  return dir;
};
/** The app is src/ without the CLI (a separate door, with its own variables). */
export const OURS = envNamesIn(
  filesUnder(join(ROOT, 'src'), /\.ts$/).filter((file) => !file.includes('/src/cli/')),
);
const PROBOTS = envNamesIn([
  ...filesUnder(join(packageDir('probot'), 'lib'), /\.js$/),
  ...filesUnder(join(packageDir('@probot/get-private-key'), 'dist-src'), /\.js$/),
]);
export const READ_BY_APP = new Set([...OURS, ...PROBOTS]);
/** What the CLI (`change-gate validate`, `doctor`) reads. */
const READ_BY_CLI = envNamesIn(filesUnder(join(ROOT, 'src/cli'), /\.ts$/));
export const DOTCOM = JSON.parse(
  readFileSync(join(packageDir('@octokit/openapi'), 'generated', 'api.github.com.json'), 'utf8'),
) as { paths: Record<string, Record<string, unknown>> };

// ---- Validators, one per kind. Each returns its problems (empty when the block is fine). ----

export const APP_ID_IN_GUIDE = 123456;
export const OUR_REPO = new URL(MANIFEST.url).pathname.replace(/^\/|\/$/g, '');

export const checkConfig = (body: string): string[] => {
  const result = loadPolicy(body);
  if (result.status === 'invalid')
    return result.problems.map((p) => `config: ${p.line}:${p.column} ${p.message}`);
  return result.warnings.map((p) => `config warning: ${p.message}`);
};

export interface Workflow {
  jobs: Record<string, { steps?: Array<{ uses?: string; with?: Record<string, unknown> }> }>;
}

export const checkWorkflow = (body: string): string[] => {
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

export const checkRequestBody = (info: string, body: string): string[] => {
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

export const checkEnvFile = (body: string): string[] =>
  body
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'))
    .flatMap((line) => {
      const name = /^([A-Z][A-Z0-9_]*)=/.exec(line)?.[1];
      if (!name) return [`env: not NAME=value: ${line}`];
      return READ_BY_APP.has(name) ? [] : [`env: the app does not read ${name}`];
    });

const OWNER = /^(@[A-Za-z0-9-]+(\/[A-Za-z0-9_.-]+)?|[^@\s]+@[^@\s]+\.[a-z]+)$/;

export const checkCodeowners = (body: string): string[] =>
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

export interface GhCall {
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

export const checkShell = (body: string, calls: GhCall[] = []): string[] =>
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

export type Kind = 'config' | 'workflow' | 'request' | 'sh' | 'env' | 'codeowners';

export const kindOf = (block: Block): Kind | null => {
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
