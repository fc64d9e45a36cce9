/**
 * The finding label on a change a deployment shipped without the gate's approval (or named without
 * shipping it): written by the app with an `ungated_deployment` history entry, never read as evidence.
 */
export const UNGATED_LABEL = 'change:deployed-unapproved';
