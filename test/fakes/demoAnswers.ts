/**
 * The demo backend's answers (`npm start` without an API key): one for every command and kind of
 * chat question, written for the sample project (demo/sample-project) and derived from the code
 * the request carries, so each command succeeds — a docstring that applies, a fix that compiles, a
 * plan whose steps Implement the Plan carries out — and no answer ever repeats the prompt. The
 * fake uses them only when started with `answer: demoAnswer`; the tests keep cannedAnswers.ts.
 */
import type { RecordedRequest } from './fakeAnthropic';
import { completionFor, docstringFor, firstDeclaration, fixLines, refactorLines, securityFindings } from './demoCode';
import { commitMessageFor, reviewFor } from './demoGit';
import { COUPON_PLAN, couponStepContent, explanationFor, genericTests, sampleTests } from './demoProject';
import { baseName, blockLabelled, readDemoRequest, subjectPath, type DemoRequest } from './demoRequest';
import { chatAnswer } from './demoChat';

const fence = (language: string | undefined, code: string): string => `\`\`\`${language === 'typescript' ? 'ts' : (language ?? '')}\n${code.replace(/\n$/, '')}\n\`\`\``;

function selection(request: DemoRequest): string {
  return blockLabelled(request, 'selection in ')?.text ?? blockLabelled(request, 'file ')?.text ?? '';
}

/** Where the declaration starting at `start` ends: its closing brace at the start of a line, or the end. */
function declarationEnd(file: string, start: number): number {
  const close = /^\}/m.exec(file.slice(start));
  return close ? start + close.index + 1 : file.length;
}

function docstring(request: DemoRequest): string {
  // The selection is often just the declaration's first line: its body, for what it throws, is in the file.
  const file = blockLabelled(request, 'file ')?.text ?? '';
  const code = selection(request);
  const start = code.trim() === '' ? -1 : file.indexOf(code.split('\n')[0]);
  const declaration = firstDeclaration(start >= 0 ? file.slice(start, declarationEnd(file, start)) : code) ?? firstDeclaration(file);
  if (!declaration) return 'There is no declaration on these lines to document. Put the cursor on a function, class or constant and run Add Docstring again.';
  return fence(blockLabelled(request, 'selection in ')?.language, docstringFor(declaration));
}

function fix(request: DemoRequest): string {
  const lines = selection(request);
  const fixed = fixLines(lines, blockLabelled(request, 'diagnostics in ')?.text ?? '');
  if (!fixed) return `${fence(blockLabelled(request, 'selection in ')?.language, lines)}\n\nThe demo backend fixes names the compiler says are misspelled; it found none here, so these lines are unchanged.`;
  return `${fence(blockLabelled(request, 'selection in ')?.language, fixed.code)}\n\n${fixed.cause}`;
}

function refactor(request: DemoRequest): string {
  const lines = selection(request);
  const language = blockLabelled(request, 'selection in ')?.language;
  const done = refactorLines(lines);
  if (!done) return `${fence(language, lines)}\n\nThese lines are already plain: no loop to simplify and nothing repeated, so the refactoring keeps them as they are.`;
  return `${fence(language, done.code)}\n\n${done.change}`;
}

function tests(request: DemoRequest): string {
  const file = blockLabelled(request, 'file ');
  const path = file?.path ?? 'src/module.ts';
  const code = sampleTests(path) ?? genericTests(path, file?.text ?? '');
  const names = [...code.matchAll(/describe\('(\w+)'/g)].map((m) => `\`${m[1]}\``);
  return `${fence('ts', code)}\n\nThe tests use Node's built-in runner (\`npm test\`) and cover ${names.length > 0 ? names.join(' and ') : 'the module'}${sampleTests(path) ? ', including the empty cart and an out-of-range discount' : ''}.`;
}

function security(request: DemoRequest): string {
  const file = blockLabelled(request, 'file ');
  const path = file?.path ?? 'file';
  const findings = securityFindings(file?.text ?? '');
  if (findings.length === 0) return `### Summary\n\nNo findings in \`${path}\`: no secrets in the source, no string-built queries or HTML, no weak randomness or hashing.`;
  const lines = findings.map((f) => `${path}:${f.line}: ${f.severity}: ${f.message}`);
  const fixes = [...new Set(findings.map((f) => `- ${f.fix}`))];
  return [...lines, '', '### Summary', '', `${findings.length} finding${findings.length === 1 ? '' : 's'} in \`${baseName(path)}\`. Fix them in this order:`, '', ...fixes].join('\n');
}

function plan(request: DemoRequest): string {
  if (/coupon|discount code|promo/i.test(request.question)) return COUPON_PLAN;
  const files = request.blocks.map((block) => block.path).filter((path): path is string => path !== undefined);
  const targets = files.length > 0 ? [...new Set(files)].slice(0, 3) : ['src/checkout.ts'];
  return targets
    .map((path, index) => `## Step ${index + 1}: Make the change in ${baseName(path)}\nFiles: ${path}\n\nChange \`${path}\` for the new behaviour and keep its exports as they are, so callers need no change.`)
    .join('\n\n');
}

function implement(request: DemoRequest): string {
  const step = request.question.replace(/^Carry out this step only:\s*/, '');
  const files = request.blocks.filter((block) => block.label.startsWith('file ') || block.label.startsWith('new file '));
  const edits = files.map((file) => {
    const path = file.path ?? '';
    const current = file.label.startsWith('new file ') ? '' : file.text;
    const comment = /\.py$|\.sh$|\.rb$/.test(path) ? '#' : '//';
    const title = /^#{2,3}\s*Step\s+\d+\s*[:.)—-]?\s*(.*)$/m.exec(step)?.[1] ?? 'this step';
    const content = couponStepContent(step, path, current) ?? `${current.replace(/\n?$/, '\n')}${comment} Demo backend: "${title}" goes here; it only writes the sample project's coupon plan.\n`;
    return `\`\`\`${path}\n${content.replace(/\n$/, '')}\n\`\`\``;
  });
  return `${edits.join('\n\n')}\n\nDone: ${files.map((file) => `\`${file.path}\``).join(', ')} changed as the step says.`;
}

/** The demo answer for a request: by the command that sent it, else by what the chat asks. */
export function demoAnswerFor(body: Record<string, unknown>): string {
  const request = readDemoRequest(body);
  switch (request.command) {
    case 'completion':
      return completionFor(request.raw.slice(0, request.raw.indexOf('<HOLE/>')));
    case 'docstring':
      return docstring(request);
    case 'bugfix':
      return fix(request);
    case 'refactor':
      return refactor(request);
    case 'tests':
      return tests(request);
    case 'security':
      return security(request);
    case 'review':
      return reviewFor(request.blocks.find((b) => b.text.startsWith('diff --git'))?.text ?? '');
    case 'commitMessage':
      return commitMessageFor(request.blocks.find((b) => b.text.includes('diff --git'))?.text ?? '');
    case 'plan':
      return plan(request);
    case 'implement':
      return implement(request);
    case 'explain':
      return explanationFor(selection(request), subjectPath(request));
    case 'chat':
      return chatAnswer(request);
  }
}

/** For `startFakeAnthropic({ answer: demoAnswer })`. */
export function demoAnswer(request: RecordedRequest): string {
  return demoAnswerFor(request.body);
}

/** How fast each tier's model answers in the demo: time to the first token, then tokens per second. */
export interface Pace {
  readonly firstTokenMs: number;
  readonly tokensPerSecond: number;
}

/** Roughly what the models do: the fast tier quick, the frontier tier slower and steadier. */
export function demoPace(request: RecordedRequest): Pace {
  const model = request.model ?? '';
  if (/haiku/i.test(model)) return { firstTokenMs: 350, tokensPerSecond: 80 };
  if (/opus/i.test(model)) return { firstTokenMs: 900, tokensPerSecond: 40 };
  return { firstTokenMs: 600, tokensPerSecond: 60 };
}
