/**
 * Where Apply on a suggestion writes: the user's settings (`modelRouter.policy.taskKinds` and
 * `modelRouter.learning.applied`, or `modelRouter.policy.rules`, global), or the team policy file `.vscode/model-router.json` of the
 * first workspace folder — only in a trusted workspace, keeping every other field of the file.
 */
import * as vscode from 'vscode';
import type { ApplyTarget, LearnedRules, TaskKindsWriter } from '../../core/learning/applySuggestion';
import { SECTION } from '../../core/settings/settings';
import { POLICY_FILE } from '../platform/policyFile';

export class SettingsTaskKindsWriter implements TaskKindsWriter {
  async read(target: ApplyTarget): Promise<LearnedRules> {
    if (target === 'user') {
      const section = vscode.workspace.getConfiguration(SECTION);
      return {
        taskKinds: section.inspect<LearnedRules['taskKinds']>('policy.taskKinds')?.globalValue ?? {},
        applied: section.inspect<LearnedRules['applied']>('learning.applied')?.globalValue ?? {},
        rules: arrayOf(section.inspect<unknown>('policy.rules')?.globalValue) as LearnedRules['rules'],
      };
    }
    const file = await readTeamFile();
    const learning = objectAt(file.json, 'learning');
    return { taskKinds: objectAt(file.json, 'taskKinds') as LearnedRules['taskKinds'], applied: objectAt(learning, 'applied') as LearnedRules['applied'], rules: arrayOf(file.json.rules) as LearnedRules['rules'] };
  }

  async write(target: ApplyTarget, rules: Partial<LearnedRules>): Promise<void> {
    if (target === 'user') {
      const section = vscode.workspace.getConfiguration(SECTION);
      if (rules.taskKinds !== undefined) await section.update('policy.taskKinds', rules.taskKinds, vscode.ConfigurationTarget.Global);
      if (rules.applied !== undefined) await section.update('learning.applied', rules.applied, vscode.ConfigurationTarget.Global);
      if (rules.rules !== undefined) await section.update('policy.rules', rules.rules, vscode.ConfigurationTarget.Global);
      return;
    }
    const file = await readTeamFile();
    const json = {
      ...file.json,
      ...(rules.taskKinds !== undefined ? { taskKinds: rules.taskKinds } : {}),
      ...(rules.applied !== undefined ? { learning: { ...objectAt(file.json, 'learning'), applied: rules.applied } } : {}),
      ...(rules.rules !== undefined ? { rules: rules.rules } : {}),
    };
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(file.uri, '..'));
    await vscode.workspace.fs.writeFile(file.uri, new TextEncoder().encode(`${JSON.stringify(json, null, 2)}\n`));
  }
}

/** Whether the team file may be written here; the reason it may not, otherwise. */
export function teamFileRefusal(): string | undefined {
  if (!vscode.workspace.isTrusted) return `${POLICY_FILE} is only written in a trusted workspace; apply to your user settings, or trust this workspace first`;
  if ((vscode.workspace.workspaceFolders ?? []).length === 0) return `there is no workspace folder to hold ${POLICY_FILE}; open a folder, or apply to your user settings`;
  return undefined;
}

async function readTeamFile(): Promise<{ uri: vscode.Uri; json: Record<string, unknown> }> {
  const refusal = teamFileRefusal();
  if (refusal !== undefined) throw new Error(refusal);
  const folder = vscode.workspace.workspaceFolders![0];
  const uri = vscode.Uri.joinPath(folder.uri, POLICY_FILE);
  let text: string;
  try {
    text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return { uri, json: {} };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${POLICY_FILE} is not valid JSON (${(error as Error).message}); fix it before applying a suggestion to it`, { cause: error });
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error(`${POLICY_FILE} is not a JSON object; fix it before applying a suggestion to it`);
  return { uri, json: json as Record<string, unknown> };
}

function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function objectAt(value: unknown, key: string): Record<string, unknown> {
  const inner = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  return typeof inner === 'object' && inner !== null && !Array.isArray(inner) ? (inner as Record<string, unknown>) : {};
}
