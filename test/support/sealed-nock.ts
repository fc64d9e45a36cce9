import nock from 'nock';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';

/**
 * For a test file that mocks GitHub with nock: no real connection, and after each test every mock was used
 * (a request the code should have made and did not fails the test), then cleared.
 */
export const useSealedNock = (): void => {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => expectAllMocksUsed());
  afterAll(() => nock.enableNetConnect());
};

/** Fails when a nock mock was not used; clears them all either way. */
export const expectAllMocksUsed = (): void => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
};
