import { findIssue } from './ops/issues.ts';
import { findAccount, findRepo } from './seed-helpers.ts';
import type { SimContext } from './sim-context.ts';
import type { Comment, Issue, Repo } from './state/types.ts';

/** One issue seeded whole: when it was opened, its labels, and its thread (each comment with its author and time). */
export interface SeededIssue {
  title: string;
  labels?: readonly string[];
  /** ISO time it was opened; the simulator's now by default. */
  createdAt?: string;
  comments?: ReadonlyArray<{ author: string; body: string; createdAt?: string }>;
}

const checkCommentBody = (body: string): void => {
  if (body.trim() === '' || body.length > 65_536)
    throw new Error('github-sim: a comment body must be 1 to 65,536 characters');
};

const checkTime = (time: string): string => {
  if (Number.isNaN(Date.parse(time)))
    throw new Error(`github-sim: ${JSON.stringify(time)} is not an ISO time`);
  return new Date(time).toISOString();
};

/** The repository's label of that name (any case), created without a webhook when it has none. */
const labelName = (ctx: SimContext, repo: Repo, name: string): string => {
  const found = repo.labels.get(name.toLowerCase());
  if (found) return found.name;
  const id = ctx.store.nextId();
  repo.labels.set(name.toLowerCase(), {
    id,
    nodeId: ctx.store.nodeId('Label', id),
    name,
    color: 'ededed',
    description: null,
    isDefault: false,
  });
  return name;
};

/**
 * Seeding long threads: comments that were already there, as if written over months, stored directly with
 * no webhook each (a test holding thousands of them would otherwise wait on thousands of deliveries). They
 * read back through REST and GraphQL like any comment, in id (posting) order.
 */
export const createThreadSeedApi = (ctx: () => SimContext) => ({
  /** Appends `bodies` as comments by `author` on issue or pull request `number`; returns their ids. */
  seedComments(options: {
    repo: string;
    number: number;
    author: string;
    bodies: readonly string[];
  }): number[] {
    const { store } = ctx();
    const repo = findRepo(ctx(), options.repo);
    const issue = findIssue(repo, options.number);
    const author = findAccount(ctx(), options.author);
    return options.bodies.map((body) => {
      checkCommentBody(body);
      const id = store.nextId();
      const now = store.clock.iso();
      store.comments.set(id, {
        id,
        nodeId: store.nodeId('IssueComment', id),
        repoId: repo.id,
        issueNumber: issue.number,
        body,
        authorId: author.id,
        createdAt: now,
        updatedAt: now,
        lastEditedAt: null,
        viaAppId: null,
        reactions: [],
      });
      issue.updatedAt = now;
      return id;
    });
  },

  /**
   * Stores issues that were already there, each with its labels and its whole thread, with no webhook at all
   * (ten thousand changes with their histories in well under a second): for reports and benchmarks at scale.
   * An issue's `updatedAt` is its last comment's time (or its opening). Returns their numbers, in order.
   */
  seedIssues(options: { repo: string; author: string; issues: readonly SeededIssue[] }): number[] {
    const context = ctx();
    const { store } = context;
    const repo = findRepo(context, options.repo);
    const author = findAccount(context, options.author);
    const authors = new Map<string, number>();
    const accountId = (login: string): number => {
      let id = authors.get(login);
      if (id === undefined) {
        id = findAccount(context, login).id;
        authors.set(login, id);
      }
      return id;
    };
    return options.issues.map((seeded) => {
      if (seeded.title.trim() === '') throw new Error('github-sim: a seeded issue needs a title');
      const id = store.nextId();
      const createdAt = checkTime(seeded.createdAt ?? store.clock.iso());
      const issue: Issue = {
        repoId: repo.id,
        number: repo.nextNumber++,
        id,
        nodeId: store.nodeId('Issue', id),
        title: seeded.title,
        body: null,
        state: 'open',
        stateReason: null,
        authorId: author.id,
        labelNames: (seeded.labels ?? []).map((name) => labelName(context, repo, name)),
        assigneeIds: [],
        locked: false,
        createdAt,
        updatedAt: createdAt,
        closedAt: null,
        closedById: null,
        viaAppId: null,
        pull: null,
      };
      repo.issues.set(issue.number, issue);
      for (const seededComment of seeded.comments ?? []) {
        checkCommentBody(seededComment.body);
        const at = checkTime(seededComment.createdAt ?? createdAt);
        if (at < createdAt) throw new Error(`github-sim: a comment of ${seeded.title} predates its issue`);
        const commentId = store.nextId();
        const comment: Comment = {
          id: commentId,
          nodeId: store.nodeId('IssueComment', commentId),
          repoId: repo.id,
          issueNumber: issue.number,
          body: seededComment.body,
          authorId: accountId(seededComment.author),
          createdAt: at,
          updatedAt: at,
          lastEditedAt: null,
          viaAppId: null,
          reactions: [],
        };
        store.comments.set(commentId, comment);
        if (at > issue.updatedAt) issue.updatedAt = at;
      }
      return issue.number;
    });
  },
});
