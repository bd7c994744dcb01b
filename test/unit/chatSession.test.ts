// The chat's rules (src/core/chat/chatSession.ts) with the real engine against the fake API:
// what a turn sends, what Retry one tier up/down sends, the conversation's tier and how its change
// reads, a command turn's routing and history, and feedback.
import assert from 'node:assert/strict';
import type { ChatEvent, ChatPorts, ChatStore } from '../../src/core/chat/chatSession';
import type { AttachedContext } from '../../src/core/chat/turns';
import { ChatSession } from '../../src/core/chat/chatSession';
import type { CommandTurn, Conversation } from '../../src/core/chat/conversation';
import { OverrideState } from '../../src/core/routing/overrides';
import { Ledger } from '../../src/core/spend/ledger';
import { MemoryLedgerStore } from '../../src/core/spend/ledgerStore';
import type { LedgerEntry } from '../../src/core/spend/spendRecord';
import type { FakeAnthropic } from '../fakes/fakeAnthropic';
import { ok, startFakeAnthropic } from '../fakes/fakeAnthropic';
import { engineFor, SILENT_LOG } from './helpers/engineRig';

const PARSER = 'export function parse(text: string): string[] {\n  return text.split(",");\n}\n';
const TURN: CommandTurn = { taskKind: 'explain', uri: 'file:///w/src/parse.ts', path: 'src/parse.ts', languageId: 'typescript', startLine: 1, endLine: 3, selection: PARSER };

/** A ledger file on a full disk: every append fails as /dev/full does. */
class FullDiskStore extends MemoryLedgerStore {
  override async append(_entry: LedgerEntry): Promise<void> {
    throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
  }
}

/** Conversations in memory, as the workspace state keeps them. */
class MemoryStore implements ChatStore {
  readonly conversations: Conversation[] = [];
  saves = 0;
  list(): readonly Conversation[] {
    return [...this.conversations].reverse();
  }
  get(id: string): Conversation | undefined {
    return this.conversations.find((c) => c.id === id);
  }
  create(): Conversation {
    const conversation: Conversation = { id: `c${this.conversations.length + 1}`, title: 'New chat', updated: '', choice: 'auto', messages: [] };
    this.conversations.push(conversation);
    return conversation;
  }
  async save(): Promise<void> {
    this.saves++;
  }
}

describe('ChatSession: the chat’s rules', () => {
  let fake: FakeAnthropic;
  let ledger: Ledger;
  let session: ChatSession;
  let patterns: string[];
  let events: ChatEvent[];
  let nextId: number;
  let overrides: OverrideState;
  /** The $0 checks the chat's automated port answers: one entry per run, what it was asked. */
  let checkRuns: string[];

  before(async () => {
    fake = await startFakeAnthropic();
  });
  after(async () => fake.close());

  beforeEach(() => {
    fake.reset();
    checkRuns = [];
    patterns = ['**/.env'];
    events = [];
    nextId = 0;
    ledger = new Ledger({ store: new MemoryLedgerStore(), sessionId: 's1' });
    const engine = engineFor(fake, { ledger, overrides: (overrides = new OverrideState()) });
    // The editor: src/parse.ts is open; its file chip sends the whole file.
    const fileContext = (chips: readonly string[]): AttachedContext =>
      chips.includes('file') ? { items: [{ label: 'file src/parse.ts', path: 'src/parse.ts', languageId: 'typescript', text: PARSER }], files: ['src/parse.ts'], notes: [] } : { items: [], files: [], notes: [] };
    session = new ChatSession({
      run: (options) => engine.run(options),
      attached: fileContext,
      commandContext: async (turn) => ({ items: [{ label: `file ${turn.path}`, path: turn.path, languageId: turn.languageId, text: PARSER }], files: [turn.path], notes: [] }),
      secretPatterns: () => patterns,
      // A workspace whose test task passes: "run the tests" is a check, anything else is for a model.
      automated: (request) =>
        /^run the tests$/i.test(request.prompt ?? '')
          ? {
              starting: 'Running the tests…',
              run: async () => {
                checkRuns.push(request.prompt ?? '');
                return { text: `✓ The tests passed (run ${checkRuns.length}). No model was asked: $0.`, recordId: `check-${checkRuns.length}`, by: 'Workspace task', rule: 'taskKind:runChecks', reasons: ['Run the checks → automated'] };
              },
            }
          : undefined,
      addFeedback: async (recordId, value) => {
        await ledger.addFeedback(recordId, value);
      },
      store: new MemoryStore(),
      show: (event) => events.push(event),
      newId: () => `m${++nextId}`,
    });
  });

  const sentPrompt = (index: number) => JSON.stringify({ system: fake.requests[index].body['system'], messages: fake.requests[index].body['messages'] });
  const notices = () => session.current.messages.filter((m) => m.role === 'notice').map((m) => m.text);
  const answers = () => session.current.messages.filter((m) => m.role === 'assistant');

  it('Retry one tier up sends exactly what the first attempt sent: the attached file, the same history, the same words', async () => {
    fake.enqueue(ok({ text: ['Some tests.'] }), ok({ text: ['It splits on commas.'] }), ok({ text: ['Better: it splits on commas.'] }));
    await session.send('write tests for the tokenizer', 'auto', []);
    await session.send('explain what parse does', 'auto', ['file']);
    assert.match(sentPrompt(1), /return text\.split/, 'the first attempt carries the attached file');
    await session.retry(answers()[1].id, 'up');
    assert.equal(fake.requests.length, 3, 'the retry was sent');
    assert.equal(fake.requests[1].model, 'claude-sonnet-5-5');
    assert.equal(fake.requests[2].model, 'claude-opus-5-5', 'one tier up from balanced is frontier');
    assert.equal(sentPrompt(2), sentPrompt(1), 'the retry must send the first attempt’s prompt, file and history included, and nothing more');
    assert.equal(answers()[2].footer?.tier, 'frontier');
  });

  it('Retry one tier down of an editor command’s turn resends its code', async () => {
    fake.enqueue(ok({ text: ['It splits.'] }), ok({ text: ['Splits on commas.'] }));
    await session.ask(TURN, 'Explain src/parse.ts:1-3');
    await session.retry(answers()[0].id, 'down');
    assert.deepEqual(fake.requests.map((r) => r.model), ['claude-sonnet-5-5', 'claude-haiku-5-5'], 'explain goes to balanced, its retry down to fast');
    assert.equal(sentPrompt(1), sentPrompt(0), 'the retry must send the command’s prompt as the first attempt did');
  });

  it('a retry whose file has become a secret file since is asked without it, and says so', async () => {
    fake.enqueue(ok({ text: ['It splits.'] }), ok({ text: ['Still splits.'] }));
    await session.send('explain what parse does', 'auto', ['file']);
    patterns = ['**/parse.ts'];
    await session.retry(answers()[0].id, 'same');
    assert.ok(!sentPrompt(1).includes('text.split'), 'the file’s text must not be sent once it is a secret file');
    assert.match(sentPrompt(1), /explain what parse does/);
    assert.ok(notices().includes('Asked without it: file src/parse.ts left out: it matches **/parse.ts in modelRouter.completions.exclude (secret files are never sent).'), JSON.stringify(notices()));
  });

  it('keeps the conversation’s tier while its task continues, moves up when a message needs it, and words the change as VS Code’s Chat does', async () => {
    fake.enqueue(ok({ text: ['Tests.'] }), ok({ text: ['A design.'] }), ok({ text: ['More design.'] }));
    await session.send('write tests for the tokenizer', 'auto', []);
    await session.send('now design the architecture for the ingestion pipeline', 'auto', []);
    await session.send('what architecture trade-offs does that design make for the ingestion pipeline?', 'auto', []);
    assert.deepEqual(fake.requests.map((r) => r.model), ['claude-sonnet-5-5', 'claude-opus-5-5', 'claude-opus-5-5'], 'the design task continues on frontier');
    assert.equal(notices().length, 1, `one change, said once: ${JSON.stringify(notices())}`);
    assert.match(notices()[0], /^↑ Model Router: balanced → frontier \(/);
    assert.equal(session.current.tier, 'frontier');
  });

  it('a new task of a cheaper kind goes back down when that is cheaper even with the history re-read, and the thread says what each would cost', async () => {
    fake.enqueue(ok({ text: ['A design.'] }), ok({ text: ['Renamed.'] }));
    await session.send('design the architecture for the ingestion pipeline', 'auto', []);
    await session.send('summarize this thread in three bullet points', 'auto', []);
    assert.deepEqual(fake.requests.map((r) => r.model), ['claude-opus-5-5', 'claude-haiku-5-5']);
    const down = notices().find((text) => text.startsWith('↓'));
    assert.match(down ?? '', /^↓ Model Router: frontier → fast \(Back to fast for this summary: \$0\.\d+ with the history re-read, against \$0\.\d+ on frontier\)$/, JSON.stringify(notices()));
    const [cheap, dear] = [...(down ?? '').matchAll(/\$(0\.\d+)/g)].map((m) => Number(m[1]));
    assert.ok(cheap < dear, `the step down must be the cheaper one: ${down}`);
    assert.equal(answers()[1].footer?.rule, 'conversation:stepDown');
  });

  it('“next request only” answers that request on its tier and leaves the conversation where it was', async () => {
    overrides.setNext('frontier');
    fake.enqueue(ok({ text: ['Tests.'] }), ok({ text: ['More tests.'] }));
    await session.send('write tests for the tokenizer', 'auto', []);
    await session.send('write tests for the parser too', 'auto', []);
    assert.deepEqual(fake.requests.map((r) => r.model), ['claude-opus-5-5', 'claude-sonnet-5-5'], 'the one-off override must not hold the next request on frontier');
  });

  it('routes a command’s turn by its task kind and carries its code into a follow-up’s history', async () => {
    fake.enqueue(ok({ text: ['It splits.'] }), ok({ text: ['Use a regex.'] }));
    await session.ask(TURN, 'Explain src/parse.ts:1-3');
    assert.equal(answers()[0].footer?.rule, 'taskKind:explain');
    await session.send('how would I also split on semicolons?', 'auto', []);
    const history = JSON.stringify(fake.requests[1].body['messages']);
    assert.match(history, /selection in src\/parse\.ts:1-3/, 'the follow-up must carry the code the command asked about');
    assert.match(history, /It splits\./);
  });

  it('records feedback on the answer’s ledger record and shows it', async () => {
    fake.enqueue(ok({ text: ['Tests.'] }));
    await session.send('write tests for the tokenizer', 'auto', []);
    const answer = answers()[0];
    await session.feedback(answer.id, 'cheaper');
    assert.ok(answer.recordId, 'the answer names its ledger record');
    assert.deepEqual(ledger.snapshot().session.feedback, { right: 0, cheaper: 1, stronger: 0 }, 'the ledger keeps the verdict');
    assert.equal(answer.feedback, 'cheaper');
    assert.ok(events.some((e) => e.type === 'finish' && e.message.id === answer.id && e.message.feedback === 'cheaper'), 'the page is told');
  });
  it('a $0 check on Auto is answered by the workspace task, not a model, and the conversation keeps its tier', async () => {
    fake.enqueue(ok({ text: ['It splits on commas.'] }));
    await session.send('explain what parse does', 'auto', ['file']);
    const tierBefore = session.current.tier;
    await session.send('run the tests', 'auto', []);
    assert.equal(fake.requests.length, 1, 'running the tests must not reach the model API');
    assert.deepEqual(checkRuns, ['run the tests']);
    const last = answers()[answers().length - 1];
    assert.equal(last.text, '✓ The tests passed (run 1). No model was asked: $0.');
    assert.equal(last.status, 'done');
    assert.equal(last.recordId, 'check-1', 'the answer links to the check’s $0 ledger record');
    assert.deepEqual([last.footer?.model, last.footer?.tier, last.footer?.rule, last.footer?.cost], ['Workspace task', 'automated', 'taskKind:runChecks', '$0.00']);
    assert.equal(session.current.tier, tierBefore);
  });

  it('a tier the user picked asks that tier’s model, even for a check', async () => {
    fake.enqueue(ok({ text: ['I cannot run them, but here is how.'] }));
    await session.send('run the tests', 'fast', []);
    assert.deepEqual(checkRuns, [], 'a picked tier is a request for a model');
    assert.deepEqual(fake.requests.map((r) => r.model), ['claude-haiku-5-5']);
  });

  it('Retry on the same tier runs a failed or stale check again, at $0, and up asks a model', async () => {
    await session.send('run the tests', 'auto', []);
    await session.retry(answers()[0].id, 'same');
    assert.deepEqual(checkRuns, ['run the tests', 'run the tests'], 'the check ran again');
    assert.equal(fake.requests.length, 0);
    assert.equal(answers()[1].text, '✓ The tests passed (run 2). No model was asked: $0.');
    fake.enqueue(ok({ text: ['The tests cover parse and split.'] }));
    await session.retry(answers()[1].id, 'up');
    assert.equal(fake.requests.length, 1, 'one tier up is a model’s answer');
    assert.equal(checkRuns.length, 2);
  });
});

describe('ChatSession: an answer that cannot finish', () => {
  let fake: FakeAnthropic;
  before(async () => {
    fake = await startFakeAnthropic();
  });
  after(async () => fake.close());

  /** A chat whose ledger is on a full disk, with "run the tests" answered by a $0 check recorded as checksInChat records it. */
  function chatOnFullDisk(events: ChatEvent[], logs: string[]): ChatSession {
    const ledger = new Ledger({ store: new FullDiskStore(), sessionId: 's1' });
    const engine = engineFor(fake, { ledger, log: { ...SILENT_LOG, error: (m) => logs.push(m) } });
    let nextId = 0;
    const ports: ChatPorts = {
      run: (options) => engine.run(options),
      attached: () => ({ items: [], files: [], notes: [] }),
      commandContext: async () => ({ items: [], files: [], notes: [] }),
      secretPatterns: () => ['**/.env'],
      automated: (request) =>
        /^run the tests$/i.test(request.prompt ?? '')
          ? {
              starting: 'Running the tests…',
              run: async () => {
                const decision = engine.preview({ ...request, canAutomate: true });
                const record = await engine.recordAutomated({ ...decision, model: 'vscode-task' }, 1200, 'chat');
                return { text: '✓ The tests passed.', recordId: record.id, by: 'Workspace task', rule: decision.rule, reasons: decision.reasons };
              },
            }
          : undefined,
      addFeedback: async () => undefined,
      store: new MemoryStore(),
      show: (event) => events.push(event),
      newId: () => `m${++nextId}`,
      log: (message) => logs.push(message),
    };
    return new ChatSession(ports);
  }

  it('a $0 check whose ledger write fails ends its answer instead of leaving Send on Stop, and the chat answers the next question', async () => {
    fake.reset();
    const events: ChatEvent[] = [];
    const logs: string[] = [];
    const session = chatOnFullDisk(events, logs);
    await session.send('run the tests', 'auto', []);
    const answer = session.current.messages.find((m) => m.role === 'assistant');
    assert.ok(answer, 'the check’s answer is in the thread');
    assert.notEqual(answer.status, 'streaming', 'the answer must not stay "streaming" (Send stuck on Stop until New Chat)');
    assert.ok(events.some((event) => event.type === 'finish' && event.message.id === answer.id), 'the webview must be told the answer finished');
    assert.match(`${answer.text}\n${answer.error?.message ?? ''}`, /ENOSPC|tests passed/, 'the answer says what happened');
    assert.ok(logs.some((line) => /ENOSPC/.test(line)), `the failure is logged:\n${logs.join('\n')}`);

    fake.enqueue(ok({ text: ['A closure keeps its scope.'] }));
    await session.send('explain what a closure is', 'auto', []);
    const last = session.current.messages.filter((m) => m.role === 'assistant').at(-1);
    assert.equal(last?.text, 'A closure keeps its scope.', 'the chat is not stuck: the next question is answered');
    assert.equal(last?.status, 'done');
  });

  it('a request that throws before it streams says so in the thread instead of hanging', async () => {
    const events: ChatEvent[] = [];
    const logs: string[] = [];
    const session = new ChatSession({
      run: async () => {
        throw new Error('the request runner broke (sk-ant-api03-abcdefghijklmnop)');
      },
      attached: () => ({ items: [], files: [], notes: [] }),
      commandContext: async () => ({ items: [], files: [], notes: [] }),
      secretPatterns: () => [],
      addFeedback: async () => undefined,
      store: new MemoryStore(),
      show: (event) => events.push(event),
      newId: () => `n${events.length}`,
      log: (message) => logs.push(message),
    });
    await session.send('explain what a closure is', 'auto', []);
    const notice = session.current.messages.find((m) => m.role === 'notice');
    assert.match(notice?.text ?? '', /could not be sent: the request runner broke \(\[redacted\]\)/, 'the thread says why, with no key-shaped text');
    assert.ok(!session.current.messages.some((m) => m.status === 'streaming'));
    assert.equal(logs.length, 1);
  });
});
