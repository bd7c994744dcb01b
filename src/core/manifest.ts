/**
 * The parts of package.json that are generated from code: settings and commands. Used by
 * `npm run sync-manifest` to write them and by a unit test to prove the manifest is in sync.
 */
import * as z from 'zod';
import { CATEGORY, COMMANDS } from './commands';
import { SECTION, SETTINGS } from './settings';

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
