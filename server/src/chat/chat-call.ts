import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app/context.ts';
import type { Principal } from '../auth/principal.ts';
import { principalOf } from '../http/authenticate.ts';
import type { DailyReservation } from './admission.ts';
import type { ChatOutcome } from './chat-log-entry.ts';
import type { CompletionTally, CompletionUsage } from './completion-tally.ts';
import { estimateUsage } from './usage-estimate.ts';

/** The end state of a chat call, for its log row. */
export interface CallEnding {
  outcome: ChatOutcome;
  status: number;
  errorCode: string | null;
  tally?: CompletionTally;
  ttftMs?: number | null;
}

/** Status stored for a client that left before any reply was sent (nginx's convention). */
export const CLIENT_CLOSED_STATUS = 499;

/**
 * The state of one chat-route request: who asked, when, the abort signal
 * (client gone or shutdown deadline) and the daily quota unit it holds.
 */
export class ChatCall {
  readonly startedAt = performance.now();
  readonly createdAt: number;
  readonly principal: Principal;
  readonly #abort = new AbortController();
  readonly #ctx: AppContext;
  readonly #reply: FastifyReply;
  /** Kept because Node detaches the socket from the response once it finishes. */
  readonly #socket: Socket;
  model = '';
  /** The messages as JSON, for the log's prompt column. */
  prompt: string | null = null;
  promptText = '';
  reservation: DailyReservation | undefined;
  #recorded = false;

  constructor(ctx: AppContext, request: FastifyRequest, reply: FastifyReply) {
    this.#ctx = ctx;
    this.#reply = reply;
    this.#socket = request.raw.socket;
    this.createdAt = ctx.now();
    this.principal = principalOf(request);
    reply.raw.on('close', this.#onClose);
    reply.raw.once('finish', this.#onFinish);
    ctx.lifecycle.streamsDeadline.signal.addEventListener('abort', this.#onDeadline);
  }

  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  /** True when the client disconnected before the reply was complete. */
  get clientGone(): boolean {
    return this.#abort.signal.aborted && this.#abort.signal.reason === 'client_aborted';
  }

  /** Usage as reported, else an estimate from the prompt and the relayed text. */
  usageOf(tally: CompletionTally | undefined): { usage: CompletionUsage; estimated: boolean } {
    if (tally?.usage !== undefined) return { usage: tally.usage, estimated: false };
    return { usage: estimateUsage(this.promptText, tally?.text ?? ''), estimated: true };
  }

  /** Queues the call's one chat-log row; later calls are ignored. */
  record(ending: CallEnding, usage?: { usage: CompletionUsage; estimated: boolean }): void {
    if (this.#recorded) return;
    this.#recorded = true;
    const tally = ending.tally;
    this.#ctx.chatLogs.record({
      createdAt: this.createdAt,
      user: this.principal.user,
      credential: this.principal.credential,
      source: 'api',
      model: this.model,
      modelServed: tally?.model ?? null,
      outcome: ending.outcome,
      status: ending.status,
      errorCode: ending.errorCode,
      usage: usage?.usage,
      usageEstimated: usage?.estimated ?? false,
      latencyMs: performance.now() - this.startedAt,
      ttftMs: ending.ttftMs ?? null,
      prompt: this.prompt,
      reply: tally === undefined ? null : tally.text,
    });
  }

  /** Detaches the listeners; call once the reply is done. */
  dispose(): void {
    this.#reply.raw.off('close', this.#onClose);
    this.#ctx.lifecycle.streamsDeadline.signal.removeEventListener('abort', this.#onDeadline);
  }

  readonly #onClose = (): void => {
    if (!this.#reply.raw.writableFinished) this.#abort.abort('client_aborted');
  };

  // During shutdown the server waits for every connection, and a keep-alive
  // connection would idle until its timeout after this reply: close it now.
  readonly #onFinish = (): void => {
    if (this.#ctx.lifecycle.shuttingDown) this.#socket.end();
  };

  readonly #onDeadline = (): void => {
    this.#abort.abort('shutdown');
  };
}
