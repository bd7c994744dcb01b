/**
 * The parts of package.json that are generated from code: settings, commands and their menus. Used by
 * `npm run sync-manifest` to write them and by a unit test to prove the manifest is in sync.
 */
import * as z from 'zod';
import type { MenuId } from './commands';
import { CATEGORY, COMMANDS, MENU_IDS, SUBMENUS } from './commands';
import { policySchema } from './routing/policy';
import { SECTION, SETTINGS } from './settings/settings';

export function manifestConfiguration(): { title: string; properties: Record<string, Record<string, unknown>> } {
  const properties: Record<string, Record<string, unknown>> = {};
  for (const [key, spec] of Object.entries(SETTINGS)) {
    const json = z.toJSONSchema(spec.schema, { unrepresentable: 'any' }) as Record<string, unknown>;
    delete json.$schema;
    if (json.maximum === Number.MAX_SAFE_INTEGER) delete json.maximum;
    properties[`${SECTION}.${key}`] = {
      ...json,
      markdownDescription: spec.description,
      scope: spec.scope,
    };
  }
  return { title: CATEGORY, properties };
}

export function manifestCommands(): Array<{ command: string; title: string; category: string; icon?: string }> {
  return Object.values(COMMANDS).map((spec) => ({
    command: spec.id,
    title: spec.title,
    category: CATEGORY,
    ...('icon' in spec ? { icon: spec.icon } : {}),
  }));
}

/** Settings a workspace may not set until trusted: the manifest's `restrictedConfigurations`. */
export function restrictedSettings(): string[] {
  return Object.entries(SETTINGS)
    .filter(([, spec]) => spec.restricted === true)
    .map(([key]) => `${SECTION}.${key}`);
}

/** `contributes.menus`: each command's placements, in the order of the command table. */
/** One entry of `contributes.menus`: a command, or a submenu placed in its parent. */
export type ManifestMenuEntry = { command: string; when?: string; group?: string } | { submenu: string; when?: string; group: string };

export function manifestMenus(): Record<MenuId, ManifestMenuEntry[]> {
  const menus = Object.fromEntries(MENU_IDS.map((id) => [id, [] as ManifestMenuEntry[]])) as Record<MenuId, ManifestMenuEntry[]>;
  for (const submenu of SUBMENUS) menus[submenu.parent].push({ submenu: submenu.id, ...(submenu.when ? { when: submenu.when } : {}), group: submenu.group });
  for (const spec of Object.values(COMMANDS)) {
    if (!('menus' in spec)) continue;
    for (const [id, placement] of Object.entries(spec.menus) as Array<[MenuId, { when?: string; group?: string }]>) {
      // A command that changes files is hidden in an untrusted workspace, whose content could steer the edit.
      const when = 'editsFiles' in spec && spec.editsFiles ? [placement.when, 'isWorkspaceTrusted'].filter(Boolean).join(' && ') : placement.when;
      menus[id].push({ command: spec.id, ...placement, ...(when ? { when } : {}) });
    }
  }
  return menus;
}

/** `contributes.submenus`: each submenu's id and the label its parent menu shows. */
export function manifestSubmenus(): Array<{ id: string; label: string }> {
  return SUBMENUS.map((submenu) => ({ id: submenu.id, label: submenu.label }));
}

/** Where the team policy file's JSON schema is written; package.json's `jsonValidation` points VS Code at it. */
export const POLICY_SCHEMA_PATH = './media/policy.schema.json';
export const POLICY_FILE_MATCH = '**/.vscode/model-router.json';

/**
 * The team policy file's JSON schema, from the same zod schema that validates the file, so VS Code
 * completes and checks `.vscode/model-router.json` as it is typed. Draft-07: what VS Code's JSON
 * language service reads best.
 */
export function policyJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(policySchema, { io: 'input', target: 'draft-7' }) as Record<string, unknown>;
  return {
    ...generated,
    title: 'Model Router team policy',
    description:
      'Routing rules shared through the repository (.vscode/model-router.json), applied only in a trusted workspace. The same fields as the modelRouter.policy.* settings; it cannot change where requests go or the API key.',
  };
}

export function manifestJsonValidation(): Array<{ fileMatch: string; url: string }> {
  return [{ fileMatch: POLICY_FILE_MATCH, url: POLICY_SCHEMA_PATH }];
}

