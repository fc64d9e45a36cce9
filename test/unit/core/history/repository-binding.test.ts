import { describe, expect, it } from 'vitest';
import { repositoryBinding } from '../../../../src/core/history/repository-binding.ts';

describe('repositoryBinding', () => {
  it('names the repository and, when GitHub gave it, its id', () => {
    expect(repositoryBinding({ owner: 'acme', repo: 'web', repositoryId: 4242 })).toEqual({
      repository: 'acme/web',
      repository_id: 4242,
    });
  });

  it('writes no id when it is unknown (readers then compare the name)', () => {
    expect(repositoryBinding({ owner: 'acme', repo: 'web', repositoryId: null })).toEqual({
      repository: 'acme/web',
    });
    expect(repositoryBinding({ owner: 'acme', repo: 'web' })).toEqual({ repository: 'acme/web' });
  });
});
