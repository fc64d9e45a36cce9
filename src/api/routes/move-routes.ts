import type { RepositoryClients } from '../../app/repository-clients.ts';
import { requesterEnvironmentOf } from '../../core/decision/with-requester.ts';
import { parseDuration } from '../../core/text/parse-duration.ts';
import type { ChangeRef } from '../../github/ports/github-port.ts';
import type { PermissionPort } from '../../github/ports/permission-port.ts';
import { completeChange } from '../../use-cases/complete-change.ts';
import { implementChange } from '../../use-cases/implement-change.ts';
import type { MoveChangeResult } from '../../use-cases/move-change.ts';
import { readChangeHistory } from '../../use-cases/read-change-history.ts';
import type { ApiContext } from '../api-context.ts';
import type { Caller } from '../auth/caller.ts';
import { ApiProblem } from '../http/api-problem.ts';
import { readJsonBody } from '../http/read-json-body.ts';
import type { RouteRequest } from '../http/route-table.ts';
import { sendJson } from '../http/send.ts';
import { validateBody } from '../http/validate-api-body.ts';
import type {
  CompleteBody,
  CompleteResponse,
  ImplementBody,
  ImplementResponse,
} from '../openapi/api-types.ts';
import {
  changeRefOf,
  expectChangeId,
  refusalProblem,
  repositoryOf,
  requireOidcRepository,
  visibleClients,
} from './route-helpers.ts';

const DEFAULT_DURATION = '2h';
const MAX_NOTE_CHARS = 2_000;

/**
 * Who moves the change, and the permission port the use case checks: a user's own permission, or for an OIDC
 * token of the change's repository (and its environment, when the change names one), write access vouched
 * by the token itself. The history records the run's `actor` claim, via the API.
 */
const mover = async (options: {
  api: ApiContext;
  caller: Caller;
  clients: RepositoryClients;
  ref: ChangeRef;
  facts: Awaited<ReturnType<RepositoryClients['port']['readChange']>>;
}): Promise<{ actor: string; permissions: PermissionPort }> => {
  const { caller, clients, ref } = options;
  if (caller.kind === 'user') return { actor: caller.login, permissions: clients.permissions };
  requireOidcRepository(caller, ref);
  const { botLogin } = await options.api.deps.identity();
  const history = readChangeHistory({ deps: options.api.deps, ref, facts: options.facts, botLogin });
  const environment = requesterEnvironmentOf(history.entries);
  if (environment !== null && caller.environment?.toLowerCase() !== environment.toLowerCase()) {
    throw new ApiProblem(
      'forbidden',
      `the change is for environment ${environment}; the OIDC token is ${caller.environment ? `for environment ${caller.environment}` : 'of a job in no environment'}`,
      { rule: 'oidc_environment' },
    );
  }
  return {
    actor: caller.actor ?? 'github-actions',
    permissions: { repositoryPermission: async () => 'write' },
  };
};

const note = (parts: Array<[string, string | undefined]>): string =>
  parts
    .filter(([, value]) => value !== undefined && value.trim() !== '')
    .map(([label, value]) => `${label}: ${value!.trim()}`)
    .join('\n')
    .slice(0, MAX_NOTE_CHARS);

const start = async (
  api: ApiContext,
  request: RouteRequest & { caller: Caller },
  schema: 'Implement' | 'Complete',
) => {
  const body = validateBody<ImplementBody & CompleteBody>(schema, await readJsonBody(request.request));
  const repo = repositoryOf(request.query, body);
  const changeId = request.params.change_id!;
  const ref = changeRefOf(changeId, repo);
  // Nothing of the change is read (or owed writes applied) before the caller is known to see the repository.
  const clients = await visibleClients(api, request.caller, repo);
  const facts = await clients.port.readChange(ref);
  expectChangeId(changeId, facts, repo);
  const who = await mover({ api, caller: request.caller, clients, ref, facts });
  // What implementChange and completeChange both take: the change, who moves it and with which access.
  const move = {
    deps: api.deps,
    port: clients.port,
    permissions: who.permissions,
    log: api.log,
    ref,
    actor: who.actor,
    source: { via: 'api' as const },
  };
  return { body, move };
};

const moved = (result: MoveChangeResult): Extract<MoveChangeResult, { ok: true }> => {
  if (!result.ok) throw refusalProblem(result);
  return result;
};

/** POST …/{change_id}/implement: the procedure's "Implement Change". */
export const implementRoute =
  (api: ApiContext) =>
  async (request: RouteRequest & { caller: Caller }): Promise<void> => {
    const { body, move } = await start(api, request, 'Implement');
    const result = moved(
      await implementChange({
        ...move,
        note: note([
          ['plan', body.implementation_plan],
          ['scheduled', body.scheduled_time],
          [
            'maintenance window',
            body.maintenance_window === undefined ? undefined : String(body.maintenance_window),
          ],
        ]),
      }),
    );
    const started = body.scheduled_time ? new Date(body.scheduled_time) : new Date(result.at);
    const duration = parseDuration(body.estimated_duration ?? DEFAULT_DURATION);
    const answer: ImplementResponse = {
      change_request_id: result.changeId,
      status: result.status,
      implementation_started: started.toISOString(),
      estimated_completion: new Date(started.getTime() + duration).toISOString(),
      recorded_at: result.at,
    };
    sendJson(request.response, 200, answer);
  };

/** POST …/{change_id}/complete: the procedure's "Complete Change" (completed, failed or rolled_back). */
export const completeRoute =
  (api: ApiContext) =>
  async (request: RouteRequest & { caller: Caller }): Promise<void> => {
    const { body, move } = await start(api, request, 'Complete');
    const result = moved(
      await completeChange({
        ...move,
        outcome: body.status ?? 'completed',
        note: note([
          ['test results', body.test_results],
          ['post-implementation review', body.post_implementation_review],
        ]),
      }),
    );
    const answer: CompleteResponse = {
      change_request_id: result.changeId,
      status: result.status,
      completed_at: result.at,
      next_review: result.nextReview,
    };
    sendJson(request.response, 200, answer);
  };
