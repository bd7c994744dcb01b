// One build script for the ten bundles: the extension's activation entry and its features (node/cjs, `vscode` external), the CLI
// (node/cjs, with a shebang), the Anthropic adapter the extension loads on the first request, the OpenTelemetry SDK the extension loads on demand, the Bedrock and Vertex SDKs the adapter loads on demand and the one copy of Anthropic's SDK they share (node/cjs), and the two webviews, chat and report (browser/iife). Type checks run separately
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

// Browser-only fallbacks that Node 20 never runs, left out of the node bundles: each resolves to the small module given.
/** @type {Record<string, string>} */
const LEFT_OUT = {
  // fetch-blob (node-fetch's, which google-auth-library fetches tokens with) requires it only where there is no global ReadableStream.
  'web-streams-polyfill/dist/ponyfill.es2018.js': "throw new Error('web-streams-polyfill was left out of this bundle: Node has ReadableStream');",
  // The AWS SDK's user agent parser for browsers; it parses window.navigator.userAgent, which Node does not have.
  bowser: 'export const parse = () => ({});\nexport default { parse };',
};
/** @type {import('esbuild').Plugin} */
const leftOut = {
  name: 'left-out',
  setup(build) {
    const names = Object.keys(LEFT_OUT).map((name) => name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
    build.onResolve({ filter: new RegExp(`^(${names.join('|')})$`) }, ({ path }) => ({ path, namespace: 'left-out' }));
    build.onLoad({ filter: /.*/, namespace: 'left-out' }, ({ path }) => ({ contents: LEFT_OUT[path], loader: 'js' }));
  },
};

// A package's ES module build ("module") before its CommonJS one ("main"), so esbuild can leave out what is not used:
// the OpenTelemetry and AWS SDKs ship both, and their CommonJS builds are kept whole (dist/otel.js was 298 KB, now 117 KB;
// dist/bedrock.js lost 205 KB). Packages with an "exports" map resolve through it as before.
const node = { ...common, platform: 'node', format: 'cjs', target: 'node20', mainFields: ['module', 'main'], plugins: [...common.plugins, leftOut] };

// One copy of Anthropic's SDK, dist/anthropicSdk.js, for dist/llm.js, dist/bedrock.js and dist/vertex.js: in those three
// every import of `@anthropic-ai/sdk` or one of its subpaths (from src/llm, @anthropic-ai/bedrock-sdk or vertex-sdk)
// becomes a require of it, so the SDK's classes are the same objects in all of them (src/llm/errors.ts matches errors
// with instanceof). It holds only the names below. A named import of another name, and an import of another subpath,
// fail the build; a name read through a namespace import (`Resources.Beta`) is not checked by esbuild, which is what
// test/integration/router/sdkBundles.test.ts is for.
const SDK_BUNDLE = 'anthropicSdk.js';
const SDK_EXPORTS = {
  // src/llm: the errors (errors.ts, streamRequest.ts, anthropicClient.ts), the client with the Messages resource only
  // (messagesClient.ts) and the batches (batchClient.ts).
  '@anthropic-ai/sdk': ['APIConnectionError', 'APIConnectionTimeoutError', 'APIError', 'APIUserAbortError', 'AuthenticationError', 'BadRequestError', 'ContentTooLargeError', 'InternalServerError', 'NotFoundError', 'OverloadedError', 'PermissionDeniedError', 'RateLimitError', 'RequestTimeoutError', 'UnprocessableEntityError'],
  '@anthropic-ai/sdk/client': ['BaseAnthropic'],
  '@anthropic-ai/sdk/resources/messages': ['Messages'],
  '@anthropic-ai/sdk/resources/messages/batches': ['Batches'],
  // The Bedrock and Vertex SDKs: their clients' resources, and the modules they re-export (`export *`).
  '@anthropic-ai/sdk/resources/index': ['Messages', 'Beta'],
  '@anthropic-ai/sdk/version': ['VERSION'],
  '@anthropic-ai/sdk/error': ['AnthropicError'],
  '@anthropic-ai/sdk/core/error': ['AnthropicError', 'APIConnectionError', 'APIConnectionTimeoutError', 'APIError', 'APIUserAbortError'],
  '@anthropic-ai/sdk/core/streaming': ['Stream'],
  '@anthropic-ai/sdk/streaming': ['Stream'],
  '@anthropic-ai/sdk/core/middleware': [],
  '@anthropic-ai/sdk/core/pagination': [],
};
// Names dist/anthropicSdk.js defines itself instead of taking the SDK's.
const SDK_STAND_INS = {
  // `client.beta` of the Bedrock and Vertex clients, which their constructors make (and then delete or redefine some of
  // its members). Model Router sends only `client.messages.stream` there, and the beta resources are two thirds of the
  // SDK (263 KB); reading anything else from this stand-in throws, naming what was read.
  Beta: `class Beta {
  constructor() {
    const guard = (prefix, members) => new Proxy(members, {
      get(target, name, receiver) {
        if (typeof name === 'symbol' || name in target) return Reflect.get(target, name, receiver);
        throw new Error('client.beta.' + prefix + name + ' is left out of Model Router\\'s copy of the Anthropic SDK (SDK_STAND_INS in esbuild.mjs)');
      },
    });
    return guard('', { messages: guard('messages.', {}) });
  }
}`,
};
const sdkModules = Object.entries(SDK_EXPORTS);
// dist/anthropicSdk.js: `modules`, the names of each module above.
const sdkEntry = [
  ...sdkModules.map(([module], i) => `import * as m${i} from '${module}';`),
  ...Object.values(SDK_STAND_INS),
  'export const modules = {',
  ...sdkModules.map(([module, names], i) => `  '${module}': { ${names.map((name) => (name in SDK_STAND_INS ? name : `${name}: m${i}.${name}`)).join(', ')} },`),
  '};',
].join('\n');
/** @type {import('esbuild').Plugin} */
const sharedSdk = {
  name: 'shared-anthropic-sdk',
  setup(build) {
    build.onResolve({ filter: /^@anthropic-ai\/sdk(\/|$)/ }, ({ path, importer }) => {
      const module = path.replace(/\.m?js$/, '');
      if (!(module in SDK_EXPORTS)) return { errors: [{ text: `${path} (imported by ${importer}) is not in dist/${SDK_BUNDLE}: add it to SDK_EXPORTS in esbuild.mjs` }] };
      return { path: module, namespace: 'shared-sdk' };
    });
    // Each module becomes its names read from dist/anthropicSdk.js, which is left a require (beside the bundle).
    build.onLoad({ filter: /.*/, namespace: 'shared-sdk' }, ({ path }) => ({
      contents: [`const m = require('./${SDK_BUNDLE}').modules[${JSON.stringify(path)}];`, ...SDK_EXPORTS[path].map((name) => `export const ${name} = m.${name};`)].join('\n'),
      loader: 'js',
    }));
    build.onResolve({ filter: new RegExp(`^\\./${SDK_BUNDLE.replace('.', '\\.')}$`) }, ({ path }) => ({ path, external: true }));
  },
};
const withSharedSdk = (config) => ({ ...config, plugins: [...config.plugins, sharedSdk] });

const configs = [
  // What VS Code loads at activation (package.json "main"): stand-ins only; they require the features (dist/features.js) right after.
  { ...node, entryPoints: ['src/activation.ts'], outfile: join(outdir, 'extension.js'), external: ['vscode'] },
  { ...node, entryPoints: ['src/extension.ts'], outfile: join(outdir, 'features.js'), external: ['vscode'] },
  { ...node, entryPoints: ['src/cli/main.ts'], outfile: join(outdir, 'cli.js'), banner: { js: '#!/usr/bin/env node' } },
  // The Anthropic adapter, required by the extension on the first request (src/vscode/platform/clientProvider.ts), not at activation,
  // and Anthropic's SDK, which it requires (dist/anthropicSdk.js, above).
  withSharedSdk({ ...node, entryPoints: ['src/llm/adapter.ts'], outfile: join(outdir, 'llm.js') }),
  { ...node, stdin: { contents: sdkEntry, resolveDir: '.', sourcefile: 'anthropicSdk.js' }, outfile: join(outdir, SDK_BUNDLE) },
  // The OpenTelemetry SDK, required by the extension only when the user turns the export on (src/vscode/telemetry/otelExport.ts).
  { ...node, entryPoints: ['src/node/otel/otelSdk.ts'], outfile: join(outdir, 'otel.js') },
  // Anthropic's SDKs for Amazon Bedrock and Vertex AI, each required by dist/llm.js only when a tier's endpoint names it (src/llm/endpointRouter.ts).
  withSharedSdk({ ...node, entryPoints: ['src/llm/bedrockClient.ts'], outfile: join(outdir, 'bedrock.js') }),
  withSharedSdk({ ...node, entryPoints: ['src/llm/vertexClient.ts'], outfile: join(outdir, 'vertex.js') }),
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
