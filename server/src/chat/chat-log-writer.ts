import type { FastifyBaseLogger } from 'fastify';
import type { Metrics } from '../observability/metrics.ts';
import type { Db } from '../storage/database.ts';
import {
  type ChatLogEntry,
  type ChatLogRow,
  DayOfMinute,
  type RowSettings,
  toChatLogRow,
} from './chat-log-entry.ts';

export interface ChatLogWriterOptions {
  db: Db;
  log: FastifyBaseLogger;
  metrics: Metrics;
  settings: RowSettings;
  /** Maximum wait before queued rows are written. Default 200 ms. */
  intervalMs?: number;
  /** Rows per INSERT; a full batch is written at once. Default 100. */
  batchSize?: number;
}

// Retries back off to this, so a database outage does not become a busy loop.
const MAX_RETRY_DELAY_MS = 5000;
// On shutdown, attempts made (CLOSE_RETRY_MS apart) before the remaining rows are given up and logged.
const CLOSE_ATTEMPTS = 10;
const CLOSE_RETRY_MS = 500;

/**
 * Writes chat-log rows off the reply path: `record` only queues, and batches
 * go to the database every `intervalMs` or `batchSize` rows. A failed INSERT
 * keeps its rows at the head of the queue and is retried with backoff, so a
 * database fault loses no accepted row while the process lives. `close`
 * writes what is left.
 */
export class ChatLogWriter {
  readonly #options: Required<ChatLogWriterOptions>;
  readonly #days: DayOfMinute;
  #queue: ChatLogRow[] = [];
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> | undefined;
  #failures = 0;
  #closed = false;

  constructor(options: ChatLogWriterOptions) {
    this.#options = { intervalMs: 200, batchSize: 100, ...options };
    this.#days = new DayOfMinute(options.settings.timezone);
  }

  /** Rows accepted but not yet written. */
  get pending(): number {
    return this.#queue.length;
  }

  /** Queues one row; never throws and never waits for the database. */
  record(entry: ChatLogEntry): void {
    this.#queue.push(toChatLogRow(entry, this.#options.settings, this.#days));
    if (this.#closed) return;
    const full = this.#queue.length >= this.#options.batchSize && this.#failures === 0;
    this.#schedule(full ? 0 : this.#options.intervalMs);
  }

  /** Writes every queued row now; resolves when the queue is empty or an INSERT failed. */
  async flush(): Promise<void> {
    while (this.#flushing !== undefined) await this.#flushing;
    this.#flushing = this.#writeAll();
    try {
      await this.#flushing;
    } finally {
      this.#flushing = undefined;
    }
  }

  /** Stops the timer and writes the rest, retrying a failing database a few times. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    for (let attempt = 0; attempt < CLOSE_ATTEMPTS && this.#queue.length > 0; attempt++) {
      await this.flush();
      if (this.#queue.length > 0) await sleep(CLOSE_RETRY_MS);
    }
    if (this.#queue.length > 0) {
      this.#options.log.error(
        { rows: this.#queue.length },
        'chat log rows not written at shutdown',
      );
    }
  }

  #schedule(delayMs: number): void {
    if (this.#timer !== undefined) {
      if (delayMs > 0) return;
      clearTimeout(this.#timer);
    }
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#tick();
    }, delayMs);
  }

  async #tick(): Promise<void> {
    await this.flush();
    if (this.#queue.length > 0 && !this.#closed) this.#schedule(this.#retryDelay());
  }

  async #writeAll(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue.slice(0, this.#options.batchSize);
      try {
        await this.#options.db.insertInto('chat_logs').values(batch).execute();
      } catch (error) {
        this.#failures += 1;
        this.#options.metrics.chatLogWrites.inc({ result: 'retry' }, batch.length);
        this.#options.log.error(
          { err: error, rows: this.#queue.length, attempt: this.#failures },
          'chat log write failed; will retry',
        );
        return;
      }
      this.#queue.splice(0, batch.length);
      this.#failures = 0;
      this.#options.metrics.chatLogWrites.inc({ result: 'written' }, batch.length);
    }
  }

  #retryDelay(): number {
    const exponent = Math.min(this.#failures, 10);
    return Math.min(MAX_RETRY_DELAY_MS, this.#options.intervalMs * 2 ** exponent);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
