import type { AppContext } from '../app/context.ts';
import { type SyncResult, syncCatalog } from './catalog-sync.ts';

const HOUR_MS = 3_600_000;

/** Runs catalogue syncs one at a time, so a manual sync never races the periodic one. */
export class CatalogSyncer {
  readonly #ctx: AppContext;
  #running: Promise<unknown> = Promise.resolve();

  constructor(ctx: AppContext) {
    this.#ctx = ctx;
  }

  /** Syncs once after any sync already running; throws the fetch error of this run. */
  run(actor: { id: number; email: string } | null): Promise<SyncResult> {
    const ctx = this.#ctx;
    const next = this.#running
      .then(() => syncCatalog({ config: ctx.config, db: ctx.db, now: ctx.now(), actor }))
      .finally(() => ctx.admission.forgetModels());
    this.#running = next.catch(() => undefined);
    return next;
  }

  /**
   * Adds the start-up sync (MODEL_SYNC_ON_START) and the periodic one
   * (MODEL_SYNC_INTERVAL_HOURS, 0 turns it off); failures are logged only.
   */
  schedule(): void {
    const { config, lifecycle } = this.#ctx;
    if (config.modelSyncOnStart) lifecycle.startupTasks.push(() => this.#logged('start-up'));
    if (config.modelSyncIntervalHours === 0) return;
    const timer = setInterval(
      () => void this.#logged('periodic'),
      config.modelSyncIntervalHours * HOUR_MS,
    );
    timer.unref();
    lifecycle.closers.push(async () => clearInterval(timer));
  }

  async #logged(trigger: 'start-up' | 'periodic'): Promise<void> {
    try {
      const result = await this.run(null);
      this.#ctx.log.info({ trigger, ...result }, 'model catalogue synced');
    } catch (error) {
      this.#ctx.log.error({ err: error, trigger }, 'model catalogue sync failed');
    }
  }
}
