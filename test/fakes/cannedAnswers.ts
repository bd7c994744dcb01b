/**
 * Short, deterministic answers keyed on what the last user message asks for, so the fake server
 * doubles as an offline demo backend: completions get one line of code, "write tests" a small test
 * file, "explain" a markdown paragraph. Same prompt, same answer, every time.
 */

interface LooseBlock {
  readonly type?: unknown;
  readonly text?: unknown;
  readonly content?: unknown;
}

/** The text of the last user turn, whether its content is a string or an array of blocks. */
export function lastUserText(body: Record<string, unknown>): string {
  const messages = Array.isArray(body['messages']) ? (body['messages'] as unknown[]) : [];
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i] as { role?: unknown; content?: unknown } | null;
    if (message?.role !== 'user') continue;
    if (typeof message.content === 'string') return message.content;
    if (Array.isArray(message.content)) {
      return (message.content as LooseBlock[])
        .map((block) => (typeof block?.text === 'string' ? block.text : typeof block?.content === 'string' ? block.content : ''))
        .filter((text) => text.length > 0)
        .join('\n');
    }
  }
  return '';
}

type Language = 'python' | 'typescript' | 'go' | 'rust';

function languageOf(prompt: string): Language {
  if (/\bdef |\.py\b|python|import \w+$/im.test(prompt)) return 'python';
  if (/\bfunc |\.go\b|golang|package main/i.test(prompt)) return 'go';
  if (/\bfn |\.rs\b|rust|let mut/i.test(prompt)) return 'rust';
  return 'typescript';
}

/** A stable subject for the answer: the first identifier-looking word after a keyword, or "this code". */
function subjectOf(prompt: string): string {
  const named = /\b(?:function|def|func|fn|class|const|let)\s+([A-Za-z_]\w*)/.exec(prompt);
  return named?.[1] ?? 'this code';
}

function completionLine(prompt: string): string {
  const language = languageOf(prompt);
  if (language === 'python') return 'return result';
  if (language === 'go') return 'return result, nil';
  if (language === 'rust') return 'Ok(result)';
  return 'return result;';
}

function testsAnswer(prompt: string): string {
  const subject = subjectOf(prompt);
  const name = subject === 'this code' ? 'subject' : subject;
  if (languageOf(prompt) === 'python') {
    return [
      `Here are two small tests for \`${name}\`:`,
      '',
      '```python',
      `from subject import ${name}`,
      '',
      `def test_${name}_handles_empty_input():`,
      `    assert ${name}([]) == []`,
      '',
      `def test_${name}_keeps_order():`,
      `    assert ${name}([1, 2]) == [1, 2]`,
      '```',
    ].join('\n');
  }
  return [
    `Here are two small tests for \`${name}\`:`,
    '',
    '```ts',
    "import * as assert from 'node:assert';",
    `import { ${name} } from './${name}';`,
    '',
    `describe('${name}', () => {`,
    "  it('handles empty input', () => {",
    `    assert.deepStrictEqual(${name}([]), []);`,
    '  });',
    "  it('keeps order', () => {",
    `    assert.deepStrictEqual(${name}([1, 2]), [1, 2]);`,
    '  });',
    '});',
    '```',
  ].join('\n');
}

function explainAnswer(prompt: string): string {
  const subject = subjectOf(prompt);
  const name = subject === 'this code' ? subject : `\`${subject}\``;
  return [
    `**In short:** ${name} takes its input, checks it, and returns a new value without changing the original.`,
    '',
    '- It validates the arguments first, so bad input fails early.',
    '- The main loop does the work in one pass, which keeps it *O(n)*.',
    '- The result is returned rather than stored, so callers decide what to keep.',
  ].join('\n');
}

function fixAnswer(prompt: string): string {
  const fence = languageOf(prompt) === 'python' ? 'python' : 'ts';
  const line = completionLine(prompt);
  return [
    'The bug is that the function returns before the loop finishes. Move the return after the loop:',
    '',
    '```' + fence,
    line,
    '```',
  ].join('\n');
}

/** The canned answer for a request body; deterministic in the last user message. */
export function cannedAnswer(body: Record<string, unknown>): string {
  const prompt = lastUserText(body);
  if (/<(?:fim_|cursor|hole)|\{\{(?:CURSOR|FILL|HOLE)\w*\}\}|fill (?:in )?the|complete (?:the|this) (?:line|code)|hole/i.test(prompt)) {
    return completionLine(prompt);
  }
  if (/\b(?:write|add|generate|create)\b[^.]*\btests?\b|\bunit tests?\b/i.test(prompt)) return testsAnswer(prompt);
  if (/\bexplain\b|\bwhat does\b|\bhow does\b/i.test(prompt)) return explainAnswer(prompt);
  if (/\b(?:fix|bug|broken|error)\b/i.test(prompt)) return fixAnswer(prompt);
  if (/\bcommit message\b/i.test(prompt)) return 'Fix off-by-one error in range handling';
  if (prompt.trim().length === 0) return 'Hello! How can I help with your code?';
  const topic = prompt.trim().split(/\s+/).slice(0, 6).join(' ');
  return `Here is a short answer about "${topic}": keep the change small, test it, and ship it.`;
}
