/**
 * Prompts for agent commands. Each task kind has fixed instructions (the stable, cached part) and
 * an answer format the command can parse; the file, selection and extra material (diagnostics,
 * a diff) follow in the user message.
 */
import type { ChatMessage, TextBlock } from '../model/llm';
import type { TaskKind } from '../routing/taskKinds';
import type { ContextItem } from './contextText';
import { renderContext } from './contextText';

export interface CommandInput {
  readonly kind: TaskKind;
  /** The user's own words, when the command asks for them (Refactor Selection…, Plan a Change). */
  readonly instruction?: string;
  readonly context: readonly ContextItem[];
  readonly contextBudgetChars?: number;
  /** Instructions that replace the kind's own, for a command that wants another answer shape (a whole file of docstrings), and its answer's limit. */
  readonly task?: { readonly text: string; readonly maxTokens: number };
}

const BASE = 'You are a senior software engineer working inside VS Code on the user\'s code.';

/** What each command asks for and the exact shape of the answer it can use. */
const INSTRUCTIONS: Partial<Record<TaskKind, { text: string; maxTokens: number }>> = {
  explain: { text: 'Explain the selected code: what it does, how, and anything surprising. Markdown, concise.', maxTokens: 2048 },
  docstring: { text: 'Write a documentation comment for the selected declaration in the idiomatic style of its language (JSDoc, docstring, rustdoc…). Reply with the comment only, in one fenced code block, without the declaration.', maxTokens: 1024 },
  tests: { text: 'Write a thorough, runnable test file for the given source file using the test framework the project already uses (infer it from the context; default to the language\'s most common one). Reply with the whole test file in one fenced code block, then at most three sentences.', maxTokens: 8192 },
  refactor: { text: 'Refactor the selected code as the user asks, keeping its behaviour. Reply with the replacement for the selection only, in one fenced code block, then one short paragraph on what changed.', maxTokens: 8192 },
  bugfix: { text: 'Fix the problem described by the diagnostics at the cursor. Reply with the corrected version of the selected range only, in one fenced code block, then one sentence on the cause.', maxTokens: 4096 },
  commitMessage: { text: 'Write a git commit message for the staged diff: a summary line of at most 72 characters in the imperative mood, a blank line, then a short body saying why. Reply with the message only, no code fences.', maxTokens: 512 },
  review: { text: 'Review the uncommitted changes. For each finding write one line exactly as `path:line: severity: message` where severity is error, warning or info; after the findings, a short Markdown summary.', maxTokens: 4096 },
  security: { text: 'Do a security review of the file: injection, authentication and authorization, secrets, crypto misuse, unsafe deserialization, path traversal, SSRF, race conditions. For each finding write one line exactly as `path:line: severity: message`; then a Markdown summary with fixes.', maxTokens: 8192 },
  // Beyond Review Uncommitted Changes' style and obvious bugs: how the change fits the code that uses it.
  deepAudit: { text: 'Audit the change (the git diff) for system-level correctness and cross-file integration, with the changed files and the files that call them in context: broken contracts between a changed function and its callers (signatures, return values, thrown errors, null and undefined, units), callers the change forgot, state and ordering across modules, error paths, concurrency, and behaviour the tests would not catch. Leave style alone. For each finding write one line exactly as `path:line: severity: message` where severity is error, warning or info and path is the file where the fix belongs; after the findings, a Markdown summary of the risks, most serious first.', maxTokens: 8192 },
  plan: { text: 'Write a step-by-step plan for the change the user asks for, as Markdown: a numbered list of `## Step N: title` sections, each with a `Files:` line listing the files it touches and a short description of the edit. No code yet.', maxTokens: 8192 },
  // A fresh reader on purpose: the plan's author (and the chat) would tend to confirm what it already wrote.
  validation: { text: 'You are reviewing a plan (and its requirements, when given) that someone else wrote; you have seen none of the conversation that produced it. Look for what is wrong rather than what is right, against confirmation bias: gaps, contradictions, unstated assumptions, risks, missing steps, steps in the wrong order, files it should touch and does not, and requirements it does not meet. Reply in Markdown: a `## Findings` list, most serious first, each naming the step it concerns; then a `## Verdict` line: ready, ready with changes, or not ready.', maxTokens: 8192 },
  implement: { text: 'Carry out the given step of the plan. For each file you change, reply with its complete new content in a fenced code block whose info string is the file path (```path/to/file.ts). Change nothing else.', maxTokens: 16384 },
};

export function commandMaxTokens(kind: TaskKind): number {
  return INSTRUCTIONS[kind]?.maxTokens ?? 4096;
}

export function buildCommandPrompt(input: CommandInput): { system: readonly TextBlock[]; messages: readonly ChatMessage[]; maxTokens: number } {
  const task = input.task?.text ?? INSTRUCTIONS[input.kind]?.text ?? 'Help with the task below. Answer in Markdown.';
  const context = renderContext(input.context, input.contextBudgetChars ?? 60_000);
  const ask = input.instruction ? `\n\nThe user asks: ${input.instruction}` : '';
  return {
    system: [{ type: 'text', text: `${BASE}\n\n${task}`, cache: '5m' }],
    messages: [{ role: 'user', content: `${context}${ask}`.trim() }],
    maxTokens: input.task?.maxTokens ?? commandMaxTokens(input.kind),
  };
}
