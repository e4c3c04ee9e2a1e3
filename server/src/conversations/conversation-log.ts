import type { AppContext } from '../app/context.ts';
import type { Principal } from '../auth/principal.ts';
import type { ChatOutcome } from '../chat/chat-log-entry.ts';
import type { CompletionTally, CompletionUsage } from '../chat/completion-tally.ts';

/** One upstream call made for a conversation (a reply or a title), as its chat-log row needs it. */
export interface ConversationCallLog {
  principal: Principal;
  source: 'conversation' | 'title';
  model: string;
  createdAt: number;
  /** performance.now() when the call started. */
  startedAt: number;
  outcome: ChatOutcome;
  status: number;
  errorCode: string | null;
  tally: CompletionTally | undefined;
  usage: { usage: CompletionUsage; estimated: boolean } | undefined;
  ttftMs: number | null;
  prompt: string;
}

/** Queues the call's chat-log row on the shared writer. */
export function logConversationCall(ctx: AppContext, call: ConversationCallLog): void {
  ctx.chatLogs.record({
    createdAt: call.createdAt,
    user: call.principal.user,
    credential: call.principal.credential,
    source: call.source,
    model: call.model,
    modelServed: call.tally?.model ?? null,
    outcome: call.outcome,
    status: call.status,
    errorCode: call.errorCode,
    usage: call.usage?.usage,
    usageEstimated: call.usage?.estimated ?? false,
    latencyMs: performance.now() - call.startedAt,
    ttftMs: call.ttftMs,
    prompt: call.prompt,
    reply: call.tally === undefined ? null : call.tally.text,
  });
}
