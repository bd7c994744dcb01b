/**
 * The one path from VS Code's language model API into the core, shared by the model provider and
 * the `@router` participant: plan the step from the task's state, map the conversation onto the LLM
 * port, route and send it through the engine (which writes the ledger), stream text and tool calls
 * back, and put a line in front of the answer when the task's tier changed.
 */
import type { RunOptions, RunResult } from '../engine';
import type { ToolDefinition } from '../model/llm';
import { modelLimits } from '../model/modelLimits';
import type { Policy } from '../routing/policy';
import { CHAT_SYSTEM } from '../prompts/chatPrompt';
import type { ModelTier } from '../routing/tiers';
import type { LmMessage } from './lmMessages';
import { toPortConversation } from './lmMessages';
import type { StepPlan, TaskTracker } from './taskTracker';

/** `max_tokens` of one step, within what the routed model allows: room for a long edit, not a book. */
export const STEP_MAX_TOKENS = 32_000;

export interface LanguageModelStep {
  readonly conversation: readonly LmMessage[];
  readonly tools?: readonly ToolDefinition[];
  /** `required`: the model must call a tool (VS Code's LanguageModelChatToolMode.Required). */
  readonly toolMode?: 'auto' | 'required';
  /** The tier of a tier model the user picked; undefined for Auto. */
  readonly tier?: ModelTier;
  readonly signal?: AbortSignal;
}

/** Where the answer goes as it streams. */
export interface LanguageModelSink {
  text(text: string): void;
  toolCall(callId: string, name: string, input: Record<string, unknown>): void;
}

export interface LanguageModelStepResult {
  readonly run: RunResult;
  readonly plan: StepPlan;
  /** The line shown when the task's tier changed with this step. */
  readonly notice?: string;
}

export interface LanguageModelTasksDeps {
  /** Runs a request through the engine (in VS Code, the RequestRunner that asks for a missing key). */
  readonly run: (options: RunOptions) => Promise<RunResult>;
  readonly policy: () => Policy;
  readonly tracker: TaskTracker;
  /** Turns an attached file's path into the workspace-relative path routing compares. */
  readonly relativePath?: (path: string) => string;
}

export class LanguageModelTasks {
  constructor(private readonly deps: LanguageModelTasksDeps) {}

  async respond(step: LanguageModelStep, sink: LanguageModelSink): Promise<LanguageModelStepResult> {
    const { deps } = this;
    const plan = deps.tracker.plan(step.conversation, { maxEscalations: deps.policy().escalation.maxSteps, fixedTier: step.tier !== undefined });
    const port = toPortConversation(step.conversation, CHAT_SYSTEM);
    const tools = step.tools ?? [];
    const files = plan.signals.files.map((file) => deps.relativePath?.(file) ?? file);
    let notice: string | undefined;
    const run = await deps.run({
      request: {
        surface: 'languageModel',
        prompt: plan.signals.prompt,
        ...(plan.signals.previousPrompt ? { previousPrompt: plan.signals.previousPrompt } : {}),
        ...(plan.taskKind ? { taskKind: plan.taskKind } : {}),
        signals: { files, contextTokens: plan.signals.contextTokens },
      },
      prompt: (decision) => ({
        system: port.system,
        messages: port.messages,
        maxTokens: Math.min(STEP_MAX_TOKENS, modelLimits(decision.model).maxOutputTokens),
        ...(tools.length > 0 ? { tools, toolChoice: step.toolMode === 'required' ? ('any' as const) : ('auto' as const) } : {}),
      }),
      ...(plan.conversationTier ? { conversationTier: plan.conversationTier } : {}),
      ...(plan.escalation ? { conversationChange: { rule: 'escalation:task', reason: plan.escalation.reason } } : {}),
      ...(step.tier ? { override: { tier: step.tier, scope: 'next' as const } } : {}),
      conversationId: plan.key,
      ...(step.signal ? { signal: step.signal } : {}),
      onDecision: (decision) => {
        notice = deps.tracker.settle(plan, decision);
        if (notice !== undefined) sink.text(`${notice}\n\n`);
      },
      onFallback: (_decision, fallback) => sink.text(`${fallback}\n\n`),
      onDelta: (delta) => {
        if (delta.type === 'text') sink.text(delta.text);
        else if (delta.type === 'toolUse') sink.toolCall(delta.id, delta.name, asObject(delta.input));
      },
    });
    return { run, plan, ...(notice !== undefined ? { notice } : {}) };
  }
}

function asObject(input: unknown): Record<string, unknown> {
  return input !== null && typeof input === 'object' && !Array.isArray(input) ? (input as Record<string, unknown>) : {};
}
