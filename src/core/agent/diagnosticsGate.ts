/**
 * The diagnostics gate of the verified cascade (issue 16, routing guide "Escalation"): an agent
 * edit is judged by the language server's own errors for the file as proposed, against the file's
 * errors as it is. Only errors count, and only new ones: a file that was already broken is not the
 * model's fault. Errors are matched by what they say (source, code, message), not by line, since an
 * edit moves lines. The editor part (src/vscode/agent/diagnosticsProbe.ts) collects the diagnostics;
 * this file decides and says it in words.
 */
import type { RouteDecision } from '../routing/router';
import type { TaskKind } from '../routing/taskKinds';
import { modelDisplayName } from '../spend/estimate';

/** One diagnostic as the gate needs it. */
export interface GateDiagnostic {
  readonly severity: 'error' | 'warning' | 'info' | 'hint';
  readonly message: string;
  /** 1-based line in the file it was reported for. */
  readonly line: number;
  /** "ts", "eslint": who reported it. */
  readonly source?: string;
  readonly code?: string | number;
}

/** What the gate saw for one proposed file. */
export interface GateVerdict {
  /** The file's name as messages show it: "greet.ts". */
  readonly file: string;
  /** Errors in the proposal that the file did not have before. Empty: the edit passes. */
  readonly newErrors: readonly GateDiagnostic[];
  /** Set when the language server said nothing in time: the edit was not judged. */
  readonly unchecked?: string;
  /** How long the check took, for the log. */
  readonly elapsedMs: number;
  /** The whole file as proposed, which the errors' line numbers point into. */
  readonly proposedText: string;
}

function key(diagnostic: GateDiagnostic): string {
  return `${diagnostic.source ?? ''}\u0000${String(diagnostic.code ?? '')}\u0000${diagnostic.message}`;
}

/**
 * The errors of `after` that `before` did not have, counted by what they say: two identical
 * errors after and one before is one new error.
 */
export function newErrors(before: readonly GateDiagnostic[], after: readonly GateDiagnostic[]): GateDiagnostic[] {
  const left = new Map<string, number>();
  for (const diagnostic of before) if (diagnostic.severity === 'error') left.set(key(diagnostic), (left.get(key(diagnostic)) ?? 0) + 1);
  const added: GateDiagnostic[] = [];
  for (const diagnostic of after) {
    if (diagnostic.severity !== 'error') continue;
    const count = left.get(key(diagnostic)) ?? 0;
    if (count > 0) left.set(key(diagnostic), count - 1);
    else added.push(diagnostic);
  }
  return added;
}

/** What each gateable task's answer is called in a sentence. */
const ANSWER_NOUN: Partial<Record<TaskKind, string>> = { bugfix: 'fix', refactor: 'refactoring', docstring: 'docstring', tests: 'tests' };

/** "fix", "refactoring", "docstring", "tests", else "edit". */
export function answerNoun(kind: TaskKind): string {
  return ANSWER_NOUN[kind] ?? 'edit';
}

/** "Sonnet 5.5" from a decision. */
export function shortModel(decision: Pick<RouteDecision, 'model'>): string {
  return modelDisplayName(decision.model);
}

/** "2 type errors" for the TypeScript server's, "1 error" for anyone else's. */
export function countErrors(errors: readonly GateDiagnostic[]): string {
  const typed = errors.length > 0 && errors.every((e) => e.source === 'ts');
  const noun = typed ? 'type error' : 'error';
  return `${errors.length} ${noun}${errors.length === 1 ? '' : 's'}`;
}

/**
 * Why the gate refused an answer, short enough for the ledger's reason (which keeps 160
 * characters): "Sonnet 5.5's fix introduced 2 type errors in greet.ts".
 */
export function gateFailure(decision: Pick<RouteDecision, 'model' | 'taskKind'>, verdict: GateVerdict, verb = 'introduced'): string {
  return `${shortModel(decision)}'s ${answerNoun(decision.taskKind)} ${verb} ${countErrors(verdict.newErrors)} in ${verdict.file}`;
}

/** The errors as the next tier reads them in its prompt, with the offending line's text. */
export function errorsForPrompt(verdict: GateVerdict, previousModel: string): string {
  const lines = verdict.proposedText.split('\n');
  const listed = verdict.newErrors.slice(0, 20).map((error) => {
    const code = error.code !== undefined ? ` ${error.source ?? ''}${String(error.code)}` : '';
    const text = lines[error.line - 1]?.trim();
    return `- ${verdict.file}:${error.line}:${code} ${error.message}${text ? `\n  in: ${text.slice(0, 200)}` : ''}`;
  });
  const more = verdict.newErrors.length > 20 ? `\n- …and ${verdict.newErrors.length - 20} more` : '';
  return [
    `An earlier answer to this task (by ${modelDisplayName(previousModel)}) was rejected: the language server reported ${countErrors(verdict.newErrors)} in ${verdict.file} that the file did not have before:`,
    `${listed.join('\n')}${more}`,
    'Answer the same task again, in the same format, without introducing these errors.',
  ].join('\n');
}

/**
 * What the preview and the outcome bar say about each climb, oldest first:
 * "Sonnet 5.5's fix introduced 2 type errors in greet.ts → asked Opus 5.5".
 */
export function climbNotice(failure: string, next: Pick<RouteDecision, 'model' | 'tier'>, sameModel: boolean): string {
  return sameModel ? `${failure} → asked again at higher effort` : `${failure} → asked ${modelDisplayName(next.model)}`;
}

/**
 * The words for an answer that still fails the gate on the last tier the cascade may use:
 * nothing is applied without the user, who reads the remaining errors.
 */
export function needsReview(decision: Pick<RouteDecision, 'model' | 'taskKind'>, verdict: GateVerdict): string {
  const first = verdict.newErrors[0];
  const example = first ? `: ${verdict.file}:${first.line} ${first.message.split('\n')[0].slice(0, 120)}` : '';
  return `needs your review — ${gateFailure(decision, verdict, 'still has')}${example}`;
}

/**
 * A line the gate appends to the checked copy that the language's server is certain to report
 * (a string assigned to a number; in a .js file the annotation itself is the error): its report
 * says the server has checked the whole file, because VS Code fires nothing for a clean file. Its
 * own diagnostics are dropped. Undefined for languages without one: there a quiet period decides.
 */
export function sentinelLine(languageId: string): string | undefined {
  return /^(typescript|javascript)(react)?$/.test(languageId) ? "const __modelRouterGateSentinel: number = '';" : undefined;
}

/** The proposal's diagnostics without the sentinel's (it sits on the line after the proposal). */
export function withoutSentinel(diagnostics: readonly GateDiagnostic[], proposedText: string): GateDiagnostic[] {
  const sentinel = proposedText.split('\n').length + 1;
  return diagnostics.filter((diagnostic) => diagnostic.line < sentinel);
}
