import type { Comment } from './types.ts';

const threadKey = (repoId: number, issueNumber: number): string => `${repoId}#${issueNumber}`;

/**
 * The comments of every thread, by id, indexed by thread: reading one thread costs its own comments, not a
 * scan of every comment stored (a report over 10,000 changes holds tens of thousands of them).
 */
export class CommentMap extends Map<number, Comment> {
  readonly #threads = new Map<string, Map<number, Comment>>();

  override set(id: number, comment: Comment): this {
    const previous = super.get(id);
    if (previous !== undefined)
      this.#threads.get(threadKey(previous.repoId, previous.issueNumber))?.delete(id);
    super.set(id, comment);
    const key = threadKey(comment.repoId, comment.issueNumber);
    let thread = this.#threads.get(key);
    if (thread === undefined) {
      thread = new Map();
      this.#threads.set(key, thread);
    }
    thread.set(id, comment);
    return this;
  }

  override delete(id: number): boolean {
    const previous = super.get(id);
    if (previous !== undefined)
      this.#threads.get(threadKey(previous.repoId, previous.issueNumber))?.delete(id);
    return super.delete(id);
  }

  override clear(): void {
    this.#threads.clear();
    super.clear();
  }

  /** One thread's comments in id (posting) order. */
  ofThread(repoId: number, issueNumber: number): Comment[] {
    const thread = this.#threads.get(threadKey(repoId, issueNumber));
    return thread === undefined ? [] : [...thread.values()].sort((a, b) => a.id - b.id);
  }
}
