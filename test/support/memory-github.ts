import type {
  ChangeFacts,
  CheckRunFact,
  CommentFact,
  ForcePushFact,
  ReviewFact,
} from '../../src/core/decision/change-facts.ts';
import type { ChangeRef, CheckRunWrite, GitHubPort, LabelInfo } from '../../src/github/ports/github-port.ts';

/** One PR or issue held by the in-memory GitHub. */
export interface MemoryChange {
  kind: 'pull_request' | 'issue';
  number: number;
  title: string;
  body: string;
  author: string;
  labels: string[];
  state: 'open' | 'closed';
  merged: boolean;
  createdAt: string;
  headSha: string | null;
  baseRef: string | null;
  changedFiles: string[];
  reviews: ReviewFact[];
  comments: CommentFact[];
  checkRuns: CheckRunFact[];
  lastForcePush?: ForcePushFact | null;
  /** Logins of the commits' authors and committers; null = could not all be read. */
  commitAuthors?: string[] | null;
}

interface OpenOptions {
  author: string;
  body: string;
  labels?: string[];
  title?: string;
}

export interface MemoryGitHubOptions {
  owner?: string;
  repo?: string;
  /** The repository's numeric id (GitHub's `databaseId`); null: GitHub did not say. Default 123456. */
  repositoryId?: number | null;
  app?: { id: number; slug: string };
  config?: unknown;
  teams?: Record<string, string[]>;
  now?: () => Date;
}

/**
 * An in-memory GitHub behind the port, for tests of the evaluation and apply steps without HTTP.
 * Users act through its methods; the app acts through the port; `writes` counts what the app wrote.
 */
export const createMemoryGitHub = (options: MemoryGitHubOptions = {}) => {
  let owner = options.owner ?? 'acme';
  let repo = options.repo ?? 'payments';
  const repositoryId = options.repositoryId === undefined ? 123456 : options.repositoryId;
  const app = options.app ?? { id: 42, slug: 'change-gate' };
  const botLogin = `${app.slug}[bot]`;
  const now = options.now ?? (() => new Date());
  const changes = new Map<number, MemoryChange>();
  const repoLabels = new Map<string, LabelInfo>();
  let nextId = 1000;
  const writes: string[] = [];
  let config: unknown = options.config ?? null;
  const teams = { ...(options.teams ?? {}) };

  const get = (number: number): MemoryChange => {
    const change = changes.get(number);
    if (!change) throw new Error(`#${number} not found`);
    return change;
  };
  const iso = (): string => now().toISOString();

  const port: GitHubPort = {
    async readChange(ref: ChangeRef) {
      const change = get(ref.number);
      const facts: Omit<ChangeFacts, 'teamMembers'> = {
        kind: change.kind,
        owner,
        repo,
        repositoryId,
        number: change.number,
        ownerIsOrg: true,
        title: change.title,
        body: change.body,
        author: change.author,
        labels: [...change.labels],
        state: change.state,
        merged: change.merged,
        draft: false,
        createdAt: change.createdAt,
        headSha: change.headSha,
        lastForcePush: change.lastForcePush ?? null,
        commitAuthors: change.commitAuthors === undefined ? [] : change.commitAuthors,
        baseRef: change.baseRef,
        changedFiles: [...change.changedFiles],
        // Check runs belong to the commit: pull requests sharing a head see the same runs.
        checkRuns: [
          ...new Map(
            [...changes.values()].flatMap((other) => other.checkRuns.map((run) => [run.id, run])),
          ).values(),
        ]
          .filter((run) => run.headSha === change.headSha)
          .map((run) => ({ ...run })),
        pullsAtHead: [...changes.values()]
          .filter(
            (other) =>
              other !== change &&
              other.kind === 'pull_request' &&
              other.state === 'open' &&
              other.headSha === change.headSha,
          )
          .map((other) => other.number),
        statuses: [],
        reviews: change.reviews.map((review) => ({ ...review })),
        comments: change.comments.map((comment) => ({ ...comment })),
      };
      return structuredClone(facts);
    },
    async readConfig() {
      return { config, files: config === null ? [] : ['.github/change-management.yml'], error: null };
    },
    async teamMembers(_org, slug) {
      return teams[slug] ? [...teams[slug]] : null;
    },
    async openPullRequestsOf(_repo, sha) {
      return [...changes.values()]
        .filter((change) => change.state === 'open' && change.headSha === sha)
        .map((change) => change.number);
    },
    async createCheckRun(_repo, run: CheckRunWrite) {
      writes.push('check.create');
      const change = [...changes.values()].find((candidate) => candidate.headSha === run.headSha);
      const id = nextId++;
      change?.checkRuns.push({
        id,
        name: run.name,
        status: run.status,
        conclusion: run.status === 'completed' ? run.conclusion : null,
        appId: app.id,
        appSlug: app.slug,
        headSha: run.headSha,
        outputTitle: run.title,
        outputSummary: run.summary,
        startedAt: iso(),
      });
      return { id };
    },
    async updateCheckRun(_repo, id, run) {
      writes.push('check.update');
      for (const change of changes.values()) {
        const existing = change.checkRuns.find((candidate) => candidate.id === id);
        if (!existing) continue;
        Object.assign(existing, {
          status: run.status,
          conclusion: run.status === 'completed' ? run.conclusion : null,
          outputTitle: run.title,
          outputSummary: run.summary,
        });
      }
    },
    async setLabels(ref, labels) {
      writes.push('labels.set');
      get(ref.number).labels = [...labels];
      return labels.map((name) => {
        const known = repoLabels.get(name) ?? { name, color: 'ededed' };
        repoLabels.set(name, known);
        return { ...known };
      });
    },
    async createComment(ref, body) {
      writes.push('comment.create');
      const id = nextId++;
      const at = iso();
      get(ref.number).comments.push({
        id,
        author: botLogin,
        authorIsBot: true,
        body,
        createdAt: at,
        updatedAt: at,
        edited: false,
      });
      return { id };
    },
    async updateComment(_repo, commentId, body) {
      writes.push('comment.update');
      for (const change of changes.values()) {
        const comment = change.comments.find((candidate) => candidate.id === commentId);
        if (comment) Object.assign(comment, { body, updatedAt: iso(), edited: true });
      }
    },
    async deleteComment(_repo, commentId) {
      writes.push('comment.delete');
      for (const change of changes.values()) {
        change.comments = change.comments.filter((comment) => comment.id !== commentId);
      }
    },
  };

  /** A new PR or issue, numbered in order; `code` holds what only pull requests have. */
  const open = (options: {
    kind: MemoryChange['kind'];
    options: OpenOptions;
    code: Pick<MemoryChange, 'headSha' | 'baseRef' | 'changedFiles'>;
  }): number => {
    const number = changes.size + 1;
    changes.set(number, {
      kind: options.kind,
      number,
      title: options.options.title ?? 'A change',
      body: options.options.body,
      author: options.options.author,
      labels: options.options.labels ?? [],
      state: 'open',
      merged: false,
      createdAt: iso(),
      ...options.code,
      reviews: [],
      comments: [],
      checkRuns: [],
    });
    return number;
  };

  let sha = 0;
  const newSha = (): string => (++sha).toString(16).padStart(40, 'a');

  return {
    get owner() {
      return owner;
    },
    get repo() {
      return repo;
    },
    repositoryId,
    /** The repository renamed or transferred: the same id under another name. */
    renameRepository(next: { owner?: string; repo?: string }) {
      owner = next.owner ?? owner;
      repo = next.repo ?? repo;
    },
    app: { id: app.id, slug: app.slug, botLogin },
    port,
    writes,
    changes,
    repoLabels,
    setConfig(next: unknown) {
      config = next;
    },
    setTeam(slug: string, members: string[]) {
      teams[slug] = members;
    },
    ref(number: number): ChangeRef {
      return { owner, repo, number };
    },
    openPullRequest(pr: OpenOptions & { base?: string; files?: string[] }) {
      return open({
        kind: 'pull_request',
        options: pr,
        code: { headSha: newSha(), baseRef: pr.base ?? 'main', changedFiles: pr.files ?? ['src/index.ts'] },
      });
    },
    openIssue(issue: OpenOptions) {
      return open({
        kind: 'issue',
        options: issue,
        code: { headSha: null, baseRef: null, changedFiles: [] },
      });
    },
    /** Another app (CI) reports a check run on the PR's head. */
    ciCheck(
      number: number,
      run: { name: string; conclusion: string | null; title?: string; appId?: number },
    ) {
      const change = get(number);
      change.checkRuns.push({
        id: nextId++,
        name: run.name,
        status: run.conclusion === null ? 'in_progress' : 'completed',
        conclusion: run.conclusion,
        appId: run.appId ?? 15368,
        appSlug: 'github-actions',
        headSha: change.headSha ?? '',
        outputTitle: run.title ?? null,
        outputSummary: null,
        startedAt: iso(),
      });
    },
    push(number: number): string {
      const change = get(number);
      change.headSha = newSha();
      return change.headSha;
    },
    /** `git push --force` to an existing commit: GitHub records a HeadRefForcePushedEvent. */
    forcePush(number: number, sha: string) {
      const change = get(number);
      change.headSha = sha;
      change.lastForcePush = { id: `HRFPE_${nextId++}`, at: iso(), after: sha };
    },
    review(
      number: number,
      review: { author: string; state: ReviewFact['state']; body?: string; commitId?: string },
    ) {
      const change = get(number);
      change.reviews.push({
        id: nextId++,
        author: review.author,
        state: review.state,
        submittedAt: iso(),
        commitId: review.commitId ?? change.headSha ?? '',
        body: review.body ?? '',
      });
    },
    comment(number: number, comment: { author: string; body: string; isBot?: boolean }): number {
      const id = nextId++;
      const at = iso();
      get(number).comments.push({
        id,
        author: comment.author,
        authorIsBot: comment.isBot ?? false,
        body: comment.body,
        createdAt: at,
        updatedAt: at,
        edited: false,
      });
      return id;
    },
    editComment(commentId: number, body: string) {
      for (const change of changes.values()) {
        const comment = change.comments.find((candidate) => candidate.id === commentId);
        if (comment) Object.assign(comment, { body, updatedAt: iso(), edited: true });
      }
    },
    edit(
      number: number,
      patch: Partial<Pick<MemoryChange, 'body' | 'labels' | 'state' | 'merged' | 'title'>>,
    ) {
      Object.assign(get(number), patch);
    },
    get,
  };
};

export type MemoryGitHub = ReturnType<typeof createMemoryGitHub>;
