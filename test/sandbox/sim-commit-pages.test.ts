import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NAME, OWNER, REPO, type Seeded, startSeededSimulator } from './support/seeded-simulator.ts';

/** GitHub's documented limits on a commit's files and on a comparison, as the simulator reproduces them. */
describe('simulator: commit files and compare, paged as GitHub pages them', () => {
  let s: Seeded;
  let base = '';
  let big = '';
  beforeAll(async () => {
    s = await startSeededSimulator();
    base = s.sim.read.branchSha({ repo: REPO, branch: 'main' }) ?? '';
    const files = Object.fromEntries(
      Array.from({ length: 3005 }, (_, i) => [`docs/f${String(i).padStart(4, '0')}.md`, `${i}\n`]),
    );
    ({ sha: big } = await s.sim.as('dev').pushCommit({ repo: REPO, branch: 'main', files }));
    for (let i = 0; i < 259; i++) {
      await s.sim.as('dev').pushCommit({ repo: REPO, branch: 'main', files: { [`n/${i}.md`]: `${i}\n` } });
    }
  });
  afterAll(() => s.stop());
  afterEach(() => s.sim.assertNoViolations());

  it("lists a commit's files 300 to a page, with Link headers, and never more than 3000", async () => {
    const page = (n: number) =>
      s.appOctokit.request('GET /repos/{owner}/{repo}/commits/{ref}', {
        owner: OWNER,
        repo: NAME,
        ref: big,
        page: n,
      });
    const first = await page(1);
    expect(first.data.files).toHaveLength(300);
    expect(first.data.files?.[0]?.filename).toBe('docs/f0000.md');
    expect(first.headers.link).toContain('rel="next"');
    expect(first.headers.link).toContain('page=10>; rel="last"');
    const tenth = await page(10);
    expect(tenth.data.sha).toBe(big);
    expect(tenth.data.files?.at(-1)?.filename).toBe('docs/f2999.md');
    expect(tenth.headers.link).not.toContain('rel="next"');
    expect((await page(11)).data.files).toEqual([]);
  });

  it('compares without paging: the newest 250 commits; with paging: every commit, files on page 1 only', async () => {
    const head = s.sim.read.branchSha({ repo: REPO, branch: 'main' }) ?? '';
    const basehead = `${base}...${head}`;
    const unpaged = await s.appOctokit.request('GET /repos/{owner}/{repo}/compare/{basehead}', {
      owner: OWNER,
      repo: NAME,
      basehead,
    });
    expect(unpaged.data.total_commits).toBe(260);
    expect(unpaged.data.commits).toHaveLength(250);
    expect(unpaged.data.commits.at(-1)?.sha).toBe(head);
    expect(unpaged.data.commits.map((commit) => commit.sha)).not.toContain(big);
    expect(unpaged.data.files).toHaveLength(300);
    expect(unpaged.headers.link).toBeUndefined();

    const page = (n: number) =>
      s.appOctokit.request('GET /repos/{owner}/{repo}/compare/{basehead}', {
        owner: OWNER,
        repo: NAME,
        basehead,
        per_page: 100,
        page: n,
      });
    const pages = [await page(1), await page(2), await page(3)];
    expect(pages[0]!.headers.link).toContain('page=3>; rel="last"');
    const commits = pages.flatMap((response) => response.data.commits.map((commit) => commit.sha));
    expect(commits).toHaveLength(260);
    expect(commits[0]).toBe(big);
    expect(pages[0]!.data.files).toHaveLength(300);
    expect(pages[1]!.data.files).toEqual([]);
  });
});
