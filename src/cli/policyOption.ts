/**
 * `--policy FILE`: a team policy file (the same JSON as .vscode/model-router.json) for the CLI.
 * Bad fields are reported on stderr and their defaults apply, as in the editor.
 */
import type { Policy } from '../core/routing/policy';
import { DEFAULT_POLICY, parsePolicy } from '../core/routing/policy';
import type { CliIo } from './io';
import { InputError } from './io';
import { shapeProblem } from '../core/validation/lenientParse';

export async function loadPolicy(path: string | undefined, io: CliIo): Promise<Policy> {
  if (path === undefined) return DEFAULT_POLICY;
  let raw: unknown;
  try {
    raw = JSON.parse(await io.readFile(path));
  } catch (error) {
    throw new InputError(`cannot read the policy file ${path}: ${(error as Error).message}`);
  }
  const problem = shapeProblem(raw);
  if (problem !== undefined) throw new InputError(`the policy file ${path} ${problem}: a policy needs at most 3 levels; correct the file`);
  const { policy, issues } = parsePolicy(raw);
  for (const issue of issues) io.err(`warning: ${path}: ${issue.path || '(file)'}: ${issue.message}`);
  return policy;
}
