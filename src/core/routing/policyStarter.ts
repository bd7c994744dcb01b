/**
 * The team policy file a new workspace starts from (Open Team Policy File writes it when there is
 * none): the fields a team most often changes, each at the built-in default read from the policy
 * schema, so the starter never disagrees with what applies without it.
 */
import type { Policy } from './policy';
import { DEFAULT_POLICY } from './policy';

/** A starter `.vscode/model-router.json`: it changes nothing until the team edits it. */
export function policyStarter(defaults: Policy = DEFAULT_POLICY): Record<string, unknown> {
  return {
    taskKinds: {},
    pins: {},
    scope: { balancedAtFiles: defaults.scope.balancedAtFiles, frontierAtFiles: defaults.scope.frontierAtFiles },
    floor: { enabled: defaults.floor.enabled },
    fallback: { onOverloaded: defaults.fallback.onOverloaded },
  };
}
