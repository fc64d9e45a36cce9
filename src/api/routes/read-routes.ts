import { recordedState } from '../../core/decision/recorded-state.ts';
import { requesterOf } from '../../core/decision/with-requester.ts';
import { changeHistoryReport } from '../../core/report/change-history-report.ts';
import { reportChangeOf } from '../../core/report/report-change-of.ts';
import { reportPeriod } from '../../core/report/report-period.ts';
import { buildScopeReport, ReportConfigError } from '../../use-cases/build-scope-report.ts';
import { policyOfConfig } from '../../use-cases/policy-of-config.ts';
import { readAndEvaluate } from '../../use-cases/read-and-evaluate.ts';
import { type ReadChange, readChangesWindowed } from '../../use-cases/read-changes-windowed.ts';
import type { ApiContext } from '../api-context.ts';
import type { Caller } from '../auth/caller.ts';
import { ApiProblem } from '../http/api-problem.ts';
import type { RouteRequest } from '../http/route-table.ts';
import { sendJson } from '../http/send.ts';
import type { ChangeListResponse, ChangeResponse } from '../openapi/api-types.ts';
import { changeView } from './change-view.ts';
import { changeRefOf, expectChangeId, repositoryOf, requireReadAccess } from './route-helpers.ts';

type Routed = RouteRequest & { caller: Caller };

/** The repository and change a GET names, after the caller's read access is checked. */
const readable = async (api: ApiContext, request: Routed) => {
  const repo = repositoryOf(request.query);
  const clients = await api.clients(repo);
  await requireReadAccess(request.caller, clients, repo);
  return { repo, clients };
};

/** GET …/change-requests/{change_id}: where the change stands, evaluated now (nothing is written). */
export const getChangeRoute =
  (api: ApiContext) =>
  async (request: Routed): Promise<void> => {
    const { repo, clients } = await readable(api, request);
    const changeId = request.params.change_id!;
    const ref = changeRefOf(changeId, repo);
    const [facts, config, app] = await Promise.all([
      clients.port.readChange(ref),
      clients.port.readConfig(repo),
      api.deps.identity(),
    ]);
    expectChangeId(changeId, facts, repo);
    const evaluated = await readAndEvaluate({
      deps: api.deps,
      port: clients.port,
      ref,
      policy: policyOfConfig(config),
      app,
      actor: app.botLogin,
      now: api.deps.now(),
      facts,
    });
    if (evaluated.decision.changeId === null) {
      throw new ApiProblem('not_found', `${repo.owner}/${repo.repo}#${ref.number} is not a change request`);
    }
    sendJson(
      request.response,
      200,
      changeView({ facts, decision: evaluated.decision, entries: evaluated.history.entries }),
    );
  };

/** GET …/change-requests/{change_id}/history: the procedure's Change History, verified entries only. */
export const historyRoute =
  (api: ApiContext) =>
  async (request: Routed): Promise<void> => {
    const { repo, clients } = await readable(api, request);
    const changeId = request.params.change_id!;
    const ref = changeRefOf(changeId, repo);
    const [facts, app] = await Promise.all([clients.port.readChange(ref), api.deps.identity()]);
    expectChangeId(changeId, facts, repo);
    const change = reportChangeOf({
      repository: `${repo.owner}/${repo.repo}`,
      change: facts,
      botLogin: app.botLogin,
      verifiers: api.deps.keys.verifiers,
    });
    if (change.history.entries.length === 0) {
      throw new ApiProblem('not_found', `${repo.owner}/${repo.repo}#${ref.number} has no change history`);
    }
    sendJson(request.response, 200, changeHistoryReport(change));
  };

/** GET …/reports?period=YYYY-MM&repository=owner/name: the procedure's Change Request Report. */
export const reportRoute =
  (api: ApiContext) =>
  async (request: Routed): Promise<void> => {
    const period = request.query.get('period') ?? '';
    try {
      reportPeriod(period);
    } catch (error) {
      throw new ApiProblem('bad_request', error instanceof Error ? error.message : String(error), {
        errors: [{ pointer: '/period', message: 'must be YYYY-MM' }],
      });
    }
    const { repo, clients } = await readable(api, request);
    const { botLogin } = await api.deps.identity();
    try {
      const report = await buildScopeReport({
        port: clients.reports,
        scope: { kind: 'repository', ...repo },
        period,
        botLogin,
        verifiers: api.deps.keys.verifiers,
      });
      sendJson(request.response, 200, report);
    } catch (error) {
      if (error instanceof ReportConfigError) throw new ApiProblem('unprocessable', error.message);
      throw error;
    }
  };

const FILTERS = ['status', 'priority', 'type'] as const;

const positive = (query: URLSearchParams, name: string, fallback: number, max: number): number => {
  const text = query.get(name);
  if (text === null) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new ApiProblem('bad_request', `${name} must be a whole number from 1 to ${max}`, {
      errors: [{ pointer: `/${name}`, message: `must be 1..${max}` }],
    });
  }
  return value;
};

/**
 * GET …/change-requests?repository=…: the repository's changes (labelled with the configuration's label), newest
 * first, each with the status its signed history records and the priority and type it was submitted with;
 * filtered by status, priority and type, then paged.
 */
export const listRoute =
  (api: ApiContext) =>
  async (request: Routed): Promise<void> => {
    const page = positive(request.query, 'page', 1, 10_000);
    const perPage = positive(request.query, 'per_page', 30, 100);
    const { repo, clients } = await readable(api, request);
    const [config, app] = await Promise.all([clients.port.readConfig(repo), api.deps.identity()]);
    const policy = policyOfConfig(config);
    const label = policy.status === 'valid' ? policy.policy.label : 'change';
    const repository = `${repo.owner}/${repo.repo}`;
    const found: ReadChange[] = [];
    const pages = readChangesWindowed({
      port: clients.reports,
      query: { where: { repository }, label, updatedSince: null },
      anchor: 0,
      createdBefore: Date.now(),
      progress: { pages: 0, changes: 0, total: null },
    });
    for await (const page of pages) found.push(...page);
    const views = found
      .map((change) => {
        const read = reportChangeOf({
          repository,
          change,
          botLogin: app.botLogin,
          verifiers: api.deps.keys.verifiers,
        });
        const state = recordedState(read.history.entries);
        const submitted = state.submitted?.entry.data ?? {};
        const text = (value: unknown) => (typeof value === 'string' ? value : null);
        const view: ChangeResponse = {
          change_request_id: read.changeId,
          repository,
          number: change.number,
          status: state.status ?? 'invalid',
          emergency: state.emergency,
          priority: text(submitted.priority),
          change_type: text(submitted.change_type),
          approvers: state.requiredRoles,
          ...(requesterOf(read.history.entries) ? { requester: requesterOf(read.history.entries)! } : {}),
        };
        return view;
      })
      .filter((view) =>
        FILTERS.every((name) => {
          const wanted = request.query.get(name);
          const value = name === 'type' ? view.change_type : name === 'status' ? view.status : view.priority;
          return wanted === null || (value ?? '').toLowerCase() === wanted.toLowerCase();
        }),
      )
      .sort((a, b) => b.number - a.number);
    const from = (page - 1) * perPage;
    const answer: ChangeListResponse = {
      change_requests: views.slice(from, from + perPage),
      page,
      per_page: perPage,
      total: views.length,
      next_page: from + perPage < views.length ? page + 1 : null,
    };
    sendJson(request.response, 200, answer);
  };
