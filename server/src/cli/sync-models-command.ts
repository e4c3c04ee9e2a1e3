import { prepareStorage } from '../app/start.ts';
import { syncCatalog } from '../catalog/catalog-sync.ts';
import { loadConfig } from '../config/settings.ts';
import { AppError } from '../http/errors.ts';
import type { Command } from './commands.ts';
import { cliEnvironment } from './environment.ts';
import { UsageError } from './run-cli.ts';

export const syncModelsCommand: Command = {
  usage: 'sync-models',
  summary: 'Sync the model catalogue from the upstream once and exit',
  help: `Usage: portcullis sync-models

Fetches {OPENROUTER_BASE_URL}/models, applies the catalogue rules (free text
models, or every text model with ALLOW_PAID_MODELS=true) to DATABASE_URL, and
prints the counts as JSON: {total, added, updated, unavailable, skipped}.
New models arrive disabled. Exits 1 when the upstream fails; nothing changes then.`,
  async run(args) {
    if (args.length > 0)
      throw new UsageError(`sync-models takes no arguments, got "${args.join(' ')}".`);
    process.umask(0o077);
    const config = loadConfig(cliEnvironment());
    const db = await prepareStorage(config);
    try {
      const result = await syncCatalog({ config, db, now: Date.now(), actor: null });
      process.stdout.write(`${JSON.stringify(result)}\n`);
      return 0;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      process.stderr.write(`Model sync failed: ${error.message}\n`);
      return 1;
    } finally {
      await db.destroy();
    }
  },
};
