/**
 * Writes the generated parts of package.json (settings, commands, menus, restricted settings) and the
 * team policy file's JSON schema (media/policy.schema.json) from src/core. Run with `npm run sync-manifest` after changing src/core/settings.ts or commands.ts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { manifestCommands, manifestConfiguration, manifestJsonValidation, manifestMenus, manifestSubmenus, POLICY_SCHEMA_PATH, policyJsonSchema, restrictedSettings } from '../src/core/manifest';

const path = join(__dirname, '..', '..', 'package.json');
const manifest = JSON.parse(readFileSync(path, 'utf8')) as Record<string, Record<string, unknown>>;
manifest.contributes = { ...manifest.contributes, configuration: manifestConfiguration(), commands: manifestCommands(), menus: manifestMenus(), submenus: manifestSubmenus(), jsonValidation: manifestJsonValidation() };
manifest.capabilities = {
  ...manifest.capabilities,
  untrustedWorkspaces: {
    supported: 'limited',
    description: 'In an untrusted workspace Model Router ignores the team policy file and workspace settings that choose models.',
    restrictedConfigurations: restrictedSettings(),
  },
};
writeFileSync(path, `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`Updated ${path}`);
const schemaPath = join(__dirname, '..', '..', POLICY_SCHEMA_PATH);
writeFileSync(schemaPath, `${JSON.stringify(policyJsonSchema(), null, 2)}\n`);
console.log(`Updated ${schemaPath}`);
