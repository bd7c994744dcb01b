/**
 * `model-router route`: explains the decision for one request, as text or JSON.
 */
import { parseArgs } from 'node:util';
import { route } from '../core/routing/router';
import { TASK_KINDS, isTaskKind } from '../core/routing/taskKinds';
import type { CliIo } from './io';
import { UsageError, parseCount } from './io';
import { loadPolicy } from './policyOption';

export const ROUTE_USAGE = 'model-router route --prompt TEXT [--kind KIND] [--file PATH]... [--lines N] [--context-tokens N] [--policy FILE] [--json]';

export async function routeCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      prompt: { type: 'string' },
      kind: { type: 'string' },
      file: { type: 'string', multiple: true },
      lines: { type: 'string' },
      'context-tokens': { type: 'string' },
      policy: { type: 'string' },
      json: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.prompt === undefined && values.kind === undefined) throw new UsageError('route needs --prompt TEXT or --kind KIND');
  if (values.kind !== undefined && !isTaskKind(values.kind)) {
    throw new UsageError(`unknown task kind "${values.kind}"; use one of: ${TASK_KINDS.join(', ')}`);
  }
  const policy = await loadPolicy(values.policy, io);
  const decision = route(
    {
      surface: 'cli',
      taskKind: values.kind as (typeof TASK_KINDS)[number] | undefined,
      prompt: values.prompt,
      canAutomate: values.kind !== undefined,
      signals: {
        files: values.file ?? [],
        expectedOutputLines: values.lines === undefined ? undefined : parseCount('lines', values.lines),
        contextTokens: values['context-tokens'] === undefined ? undefined : parseCount('context-tokens', values['context-tokens']),
      },
    },
    policy,
  );
  if (values.json) {
    io.out(JSON.stringify({ tier: decision.tier, model: decision.model, effort: decision.effort ?? null, thinking: decision.thinking ?? null, dial: decision.dialReason ?? null, taskKind: decision.taskKind, rule: decision.rule, reasons: decision.reasons, sensitive: decision.sensitive }, null, 2));
    return 0;
  }
  io.out(`${decision.tier} · ${decision.model}${decision.effort ? ` · effort ${decision.effort}` : ''}`);
  io.out(`task kind: ${decision.taskKind} (decided by ${decision.rule})`);
  for (const reason of decision.reasons) io.out(`  - ${reason}`);
  if (decision.dialReason !== undefined) io.out(`dial: ${decision.dialReason}`);
  return 0;
}
