/**
 * The demo's chat answers: one per kind of question (explain, tests, fix, refactor, docs, rename,
 * review, architecture, planning, security, a commit message, a summary, small talk), about the
 * attached file or selection when there is one. None quotes the question or the prompt.
 */
import { docstringFor, firstDeclaration, fixLines, refactorLines, securityFindings } from './demoCode';
import { COUPON_PLAN, explanationFor, genericTests, sampleTests } from './demoProject';
import { baseName, blockLabelled, type DemoRequest } from './demoRequest';

const ts = (code: string): string => `\`\`\`ts\n${code.replace(/\n$/, '')}\n\`\`\``;

function attached(request: DemoRequest): { path?: string; code: string; file: string } {
  const selection = blockLabelled(request, 'selection in ');
  const file = blockLabelled(request, 'file ');
  return { path: selection?.path ?? file?.path, code: selection?.text ?? file?.text ?? '', file: file?.text ?? selection?.text ?? '' };
}

const ARCHITECTURE = `A shape that keeps the shop small now and open later:

1. **Pricing as a pipeline.** \`subtotal → discounts → shipping → tax\`, each a pure function \`(cart, total) => total\`. A coupon, a sale or free shipping is one more stage, tested alone.
2. **Rules as data.** Keep coupon codes, thresholds and rates in a table (a JSON file or the database), validated at start-up, so marketing changes need no deploy.
3. **One money type.** Integer cents everywhere (as \`cart.ts\` already does), formatted only at the edge (\`priceFormat.ts\`).
4. **Auth at the boundary.** \`auth/session.ts\` issues and checks sessions; nothing else reads tokens.

Trade-off: the pipeline adds an indirection for a four-file shop. It pays off from the second discount rule on.`;

/** The declaration the question names ("explain cartTotal"), from its line to its closing brace. */
function namedDeclaration(file: string, question: string): string | undefined {
  const name = [...file.matchAll(/(?:function|class|interface|const)\s+(\w+)/g)].map((m) => m[1]).find((n) => new RegExp(`\\b${n}\\b`).test(question));
  if (name === undefined) return undefined;
  const start = file.search(new RegExp(`(?:export\\s+)?(?:function|class|interface|const)\\s+${name}\\b`));
  const close = /^\}/m.exec(file.slice(start));
  return file.slice(start, close ? start + close.index + 1 : file.length);
}

/** The chat's answer to the last question, with the attached code when there is some. */
export function chatAnswer(request: DemoRequest): string {
  const question = request.question.toLowerCase();
  const { path, code, file } = attached(request);
  const name = path ? `\`${baseName(path)}\`` : 'this code';
  if (question.trim() === '' || /^(hi|hello|hey|thanks|thank you)\b/.test(question)) {
    return 'Hi! Ask about the open file, or try a command from the editor’s right-click **Model Router** menu. Each answer ends with the model, tier and cost it took.';
  }
  if (/\bexplain\b|what does|how does|walk me through|what is this/.test(question)) return explanationFor(namedDeclaration(file, request.question) ?? code, path);
  if (/\btests?\b|\bspec\b/.test(question)) {
    const tests = (path && sampleTests(path)) ?? genericTests(path ?? 'src/module.ts', file);
    return `Tests for ${name} with Node's built-in runner:\n\n${ts(tests)}\n\nSave them beside the file as \`*.test.ts\`, or run **Write Tests for This File** to get them previewed as a new file.`;
  }
  if (/\bfix\b|\bbug\b|\berror\b|broken|squiggle|doesn.t work/.test(question)) {
    const fixed = fixLines(code, file.includes('cnts') ? "Cannot find name 'cnts'. Did you mean 'cents'?" : '');
    if (fixed) return `${fixed.cause}\n\n${ts(fixed.code)}\n\n**Fix the Problem at the Cursor** applies this as a previewed edit.`;
    return `I see no compile error in ${name}. If it misbehaves at run time, tell me the input and what you expected, or put the cursor on a squiggle and run **Fix the Problem at the Cursor**.`;
  }
  if (/refactor|simplif|clean ?up|reduce|readab/.test(question)) {
    const done = refactorLines(code);
    if (done) return `${done.change}\n\n${ts(done.code)}`;
    return `${name} is already straightforward: short functions, no repetition. If you want a specific change (a different data structure, splitting a function), say which.`;
  }
  if (/docstring|jsdoc|document|comment/.test(question)) {
    const declaration = firstDeclaration(code);
    if (declaration) return `Here is a documentation comment for \`${declaration.name}\`:\n\n${ts(docstringFor(declaration))}\n\n**Add Docstring** inserts it above the declaration for you.`;
  }
  if (/\brename\b/.test(question)) {
    return 'Renaming is best done by VS Code itself, for free: put the cursor on the name and press **F2** (or run **Model Router: Rename Symbol ($0, no model)**). It updates every reference, imports included, and no model is needed.';
  }
  if (/secur|vulnerab|\bauth|token|password/.test(question)) {
    const findings = securityFindings(file);
    if (findings.length > 0) return `In ${name}:\n\n${findings.map((f) => `- **Line ${f.line}** (${f.severity}): ${f.message}. ${f.fix}`).join('\n')}\n\n**Security Review of This File** lists these in the Problems view.`;
    return `Nothing in ${name} handles secrets or user input directly. \`src/auth/session.ts\` is where to look; open it and ask again.`;
  }
  if (/architect|design|structure|scal|plugin|system/.test(question)) return ARCHITECTURE;
  if (/\bplan\b|steps|how (?:would|should) (?:i|we)/.test(question)) return `A plan you can hand to **Implement the Plan**:\n\n${COUPON_PLAN}`;
  if (/commit message/.test(question)) return 'Run **Write Commit Message** from the Source Control title bar: it reads the diff and fills the message box, on the fast tier.';
  if (/summar|overview|tl;?dr/.test(question)) {
    const exports = [...file.matchAll(/export (?:async )?(?:function|const|interface|class) (\w+)/g)].map((m) => `\`${m[1]}\``);
    return exports.length > 0 ? `${name} exports ${exports.join(', ')}.` : `${name} has no exports; it is read top to bottom.`;
  }
  if (path) return `About ${name}: it is ${file.split('\n').length} lines${firstDeclaration(file) ? `, starting with \`${firstDeclaration(file)?.name}\`` : ''}. Ask me to explain, test, refactor or review it, or select some lines to narrow the question.`;
  return 'Happy to help. Open a file from the sample project (src/cart.ts is a good start) so I can see the code, or ask about design, tests or a bug.';
}
