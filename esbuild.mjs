// One build script for the nine bundles: the extension's activation entry and its features (node/cjs, `vscode` external), the CLI
// (node/cjs, with a shebang), the Anthropic adapter the extension loads on the first request, the OpenTelemetry SDK the extension loads on demand, the Bedrock and Vertex SDKs the adapter loads on demand (node/cjs) and the two webviews, chat and report (browser/iife). Type checks run separately
// (`npm run check-types`); esbuild only strips types.
import * as esbuild from 'esbuild';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
// `--outdir=DIR` builds somewhere else than dist/ (bench/bundles measures a production build
// without replacing the development one); `--metafile` writes DIR/<bundle>.meta.json for analysis.
const outdir = process.argv.find((arg) => arg.startsWith('--outdir='))?.slice('--outdir='.length) ?? 'dist';
const metafile = process.argv.includes('--metafile');

/** @type {import('esbuild').Plugin} */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log(`[watch] build started (${build.initialOptions.outfile})`));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log(`[watch] build finished (${build.initialOptions.outfile})`);
    });
  },
};

const common = {
  bundle: true,
  metafile,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: watch ? 'silent' : 'warning',
  plugins: watch ? [problemMatcher] : [],
  legalComments: 'none',
};

const node = { ...common, platform: 'node', format: 'cjs', target: 'node20' };

const configs = [
  // What VS Code loads at activation (package.json "main"): stand-ins only; they require the features (dist/features.js) right after.
  { ...node, entryPoints: ['src/activation.ts'], outfile: join(outdir, 'extension.js'), external: ['vscode'] },
  { ...node, entryPoints: ['src/extension.ts'], outfile: join(outdir, 'features.js'), external: ['vscode'] },
  { ...node, entryPoints: ['src/cli/main.ts'], outfile: join(outdir, 'cli.js'), banner: { js: '#!/usr/bin/env node' } },
  // The Anthropic adapter and its SDK, required by the extension on the first request (src/vscode/platform/clientProvider.ts), not at activation.
  { ...node, entryPoints: ['src/llm/adapter.ts'], outfile: join(outdir, 'llm.js') },
  // The OpenTelemetry SDK, required by the extension only when the user turns the export on (src/vscode/telemetry/otelExport.ts).
  { ...node, entryPoints: ['src/node/otel/otelSdk.ts'], outfile: join(outdir, 'otel.js') },
  // Anthropic's SDKs for Amazon Bedrock and Vertex AI, each required by dist/llm.js only when a tier's endpoint names it (src/llm/endpointRouter.ts).
  { ...node, entryPoints: ['src/llm/bedrockClient.ts'], outfile: join(outdir, 'bedrock.js') },
  { ...node, entryPoints: ['src/llm/vertexClient.ts'], outfile: join(outdir, 'vertex.js') },
];
// Each webview is its own browser bundle (dist/<name>.js) with no access to Node or `vscode`.
for (const name of ['report', 'chat']) {
  const entry = `src/webview/${name}/main.ts`;
  if (existsSync(entry)) {
    configs.push({ ...common, platform: 'browser', format: 'iife', target: 'es2022', entryPoints: [entry], outfile: join(outdir, `${name}.js`) });
  }
}

// A production build must not ship the source maps of an earlier development build.
if (!watch) rmSync(outdir, { recursive: true, force: true });

const contexts = await Promise.all(configs.map((c) => esbuild.context(c)));
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  const results = await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  if (metafile) {
    results.forEach((result, i) => writeFileSync(join(outdir, `${basename(configs[i].outfile, '.js')}.meta.json`), JSON.stringify(result.metafile)));
  }
}
