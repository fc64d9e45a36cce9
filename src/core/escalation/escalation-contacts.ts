import type { Policy } from '../policy/policy.ts';
import { roleHolders } from '../policy/role-holders.ts';

/** The role told when a level's changes are overdue and the config names nobody else. */
export const DEFAULT_ESCALATION_ROLE = 'change-manager';

/** The roles escalated to for a level: `escalation.contacts.<level>`, else the change-manager role. */
export const escalationContacts = (policy: Policy, level: string): string[] => {
  const configured = Object.hasOwn(policy.escalation.contacts, level)
    ? policy.escalation.contacts[level]
    : undefined;
  return configured && configured.length > 0 ? [...configured] : [DEFAULT_ESCALATION_ROLE];
};

const SLUG = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;

/**
 * How GitHub mentions the holders of `roles`: `@org/team` for each team (only an organisation has teams),
 * `@login` for each user, in order, without repeats. Names that are not valid slugs or logins are left out,
 * so a mention can never carry Markdown.
 */
export const contactMentions = (options: {
  policy: Policy;
  roles: readonly string[];
  owner: string;
  ownerIsOrg: boolean;
}): string[] => {
  const mentions = options.roles.flatMap((role) => {
    const holders = roleHolders(options.policy, role);
    const teams =
      options.ownerIsOrg && LOGIN.test(options.owner)
        ? holders.teams.filter((team) => SLUG.test(team)).map((team) => `@${options.owner}/${team}`)
        : [];
    return [...teams, ...holders.users.filter((user) => LOGIN.test(user)).map((user) => `@${user}`)];
  });
  return [...new Set(mentions)];
};

/** A mention `contactMentions` wrote (`@login` or `@org/team`): anything else is not one. */
export const isContactMention = (text: string): boolean => {
  const match = /^@([^/]+)(?:\/(.+))?$/.exec(text);
  if (!match) return false;
  return LOGIN.test(match[1] ?? '') && (match[2] === undefined || SLUG.test(match[2]));
};
