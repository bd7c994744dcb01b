/**
 * bench/bundles: the size of what ships — dist/extension.js (the activation entry), dist/features.js,
 * dist/cli.js, the adapter and the Anthropic SDK (dist/llm.js, dist/anthropicSdk.js), the Bedrock and
 * Vertex AI SDKs, the OpenTelemetry SDK and each webview bundle —
 * raw and gzipped, from a production build (minified, as `npm run package` makes it) into a
 * temporary folder, so the development build in dist/ is left alone. With esbuild's metafile it
 * also lists what takes the room, by package (node_modules) or source folder.
 * Run with `npm run bench:bundles`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { writeResult } from './stats';

const root = join(__dirname, '..', '..');

interface Metafile {
  outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
}

/**
 * node_modules/zod/v4/locales/fr.js → "zod (locales)", src/core/policy.ts → "src/core"; a module an
 * esbuild.mjs plugin makes (`shared-sdk:@anthropic-ai/sdk/client`, the require of dist/anthropicSdk.js)
 * → its namespace, "shared-sdk".
 */
export function contributor(input: string): string {
  const made = /^([a-z-]+):/.exec(input);
  if (made) return made[1]!;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(input);
  if (pkg) {
    if (pkg[1] === 'zod') return `zod (${/(^|\/)locales\//.test(pkg[2]) ? 'locales' : /(^|\/)mini\//.test(pkg[2]) ? 'mini' : /(^|\/)classic\//.test(pkg[2]) ? 'classic' : 'core'})`;
    return pkg[1];
  }
  const parts = input.split('/');
  return parts.length > 2 ? parts.slice(0, parts.length > 3 ? 3 : 2).join('/') : input;
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'bench-bundles-'));
  try {
    execFileSync(process.execPath, [join(root, 'esbuild.mjs'), '--production', `--outdir=${dir}`, '--metafile'], { cwd: root, stdio: 'inherit' });
    const bundles: Record<string, unknown> = {};
    let totalRaw = 0;
    let totalGzip = 0;
    const summary: string[] = [];
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.js')).sort()) {
      const code = readFileSync(join(dir, file));
      const gzip = gzipSync(code).length;
      const meta = JSON.parse(readFileSync(join(dir, file.replace(/\.js$/, '.meta.json')), 'utf8')) as Metafile;
      const byContributor = new Map<string, number>();
      for (const output of Object.values(meta.outputs)) {
        for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) byContributor.set(contributor(input), (byContributor.get(contributor(input)) ?? 0) + bytesInOutput);
      }
      const largest = [...byContributor].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([name, bytes]) => ({ name, bytes }));
      bundles[`dist/${file}`] = { bytes: code.length, gzipBytes: gzip, largest };
      totalRaw += code.length;
      totalGzip += gzip;
      summary.push(`dist/${file}: ${kb(code.length)} raw, ${kb(gzip)} gzip; largest: ${largest.slice(0, 4).map((c) => `${c.name} ${kb(c.bytes)}`).join(', ')}`);
    }
    summary.push(`all bundles: ${kb(totalRaw)} raw, ${kb(totalGzip)} gzip (production build, minified)`);
    // The issue's budget: the extension's bundles with the router's weights, at most 3 MB raw; and,
    // for the whole picture, every file the package ships unpacked (.vscodeignore: dist/*.js,
    // media/, package.json, README, CHANGELOG, LICENSE).
    const weights = statSync(join(root, 'media', 'routerModel.bin')).size;
    const withWeights = totalRaw + weights;
    const mediaBytes = (folder: string): number => readdirSync(folder, { withFileTypes: true }).reduce((sum, entry) => sum + (entry.isDirectory() ? mediaBytes(join(folder, entry.name)) : statSync(join(folder, entry.name)).size), 0);
    const unpacked = totalRaw + mediaBytes(join(root, 'media')) + ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE'].reduce((sum, name) => sum + statSync(join(root, name)).size, 0);
    summary.push(`bundles with the router's weights (media/routerModel.bin ${kb(weights)}): ${(withWeights / 1e6).toFixed(2)} MB raw (target ≤ 3 MB: ${withWeights <= 3_000_000 ? 'met' : 'MISSED'}); every file the package ships, unpacked: ${(unpacked / 1e6).toFixed(2)} MB`);
    const path = writeResult('bundles', { unit: 'bytes', build: 'production (minified), as npm run package', bundles, total: { bytes: totalRaw, gzipBytes: totalGzip }, withWeights: { bytes: withWeights, weightsBytes: weights, targetBytes: 3_000_000 }, unpackedBytes: unpacked, summary });
    summary.forEach((line) => console.log(line));
    console.log(`written to ${path}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) main();
