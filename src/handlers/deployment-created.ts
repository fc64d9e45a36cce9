import type { Probot } from 'probot';
import type { AppDeps } from '../app/app-deps.ts';
import { readDeployPayload } from '../core/deploy/deploy-payload.ts';
import { DEPLOYMENT_CREATED } from '../core/deploy/deployment-outcome.ts';
import { claimDelivery, claimsWhenActing } from './claim-when-acting.ts';
import { recordDeploymentEvent } from './record-deployment-event.ts';

/**
 * A deployment the gate created (its payload names the changes it ships) starts implementing them: the gate
 * writes no `in_progress` status, so its creation is recorded as one would be (`recordDeployment`: the gate
 * again for this deployment, nothing taken from the payload but the changes it claims, which are checked
 * against the range). Any other deployment (a workflow job's environment, another tool) costs no API call:
 * its statuses are recorded as they come (deployment-status.ts). A forged payload is no more trusted than a
 * forged `in_progress` status: whoever can create a deployment can write its statuses too.
 */
export const registerDeploymentCreatedHandler = (app: Probot, deps: AppDeps): void => {
  app.on(
    'deployment.created',
    claimsWhenActing(async (context) => {
      const { deployment } = context.payload;
      if (readDeployPayload(deployment.payload) === null) {
        context.log.info(
          `deployment ${deployment.id} to ${deployment.environment}: not created by the gate; its statuses are recorded`,
        );
        return;
      }
      if (!(await claimDelivery(context))) return;
      await recordDeploymentEvent({
        deps,
        context,
        deployment,
        status: {
          id: null,
          state: DEPLOYMENT_CREATED,
          description: deployment.description ?? null,
          createdAt: deployment.created_at,
          logUrl: null,
        },
        actor: deployment.creator?.login ?? context.payload.sender.login,
      });
    }),
  );
};
