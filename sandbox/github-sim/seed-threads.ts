import { findIssue } from './ops/issues.ts';
import { findAccount, findRepo } from './seed-helpers.ts';
import type { SimContext } from './sim-context.ts';

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
      if (body.trim() === '' || body.length > 65_536)
        throw new Error('github-sim: a comment body must be 1 to 65,536 characters');
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
});
