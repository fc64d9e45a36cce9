import { describe, expect, test } from 'vitest';
import { oidcIssuer } from '../../../src/app/create-api.ts';

describe('the issuer of the Actions OIDC tokens the REST API accepts', () => {
  test('github.com: GitHub Actions’ issuer', () => {
    expect(oidcIssuer({})).toBe('https://token.actions.githubusercontent.com');
  });

  test('GHES (GHE_HOST): the server’s own issuer, on its protocol', () => {
    expect(oidcIssuer({ GHE_HOST: 'github.example.com' })).toBe('https://github.example.com/_services/token');
    expect(oidcIssuer({ GHE_HOST: 'ghes.internal:8080', GHE_PROTOCOL: 'http' })).toBe(
      'http://ghes.internal:8080/_services/token',
    );
  });

  test('CHANGE_GATE_OIDC_ISSUER wins, without its trailing slash', () => {
    expect(
      oidcIssuer({ GHE_HOST: 'github.example.com', CHANGE_GATE_OIDC_ISSUER: ' https://issuer.example/ ' }),
    ).toBe('https://issuer.example');
  });
});
