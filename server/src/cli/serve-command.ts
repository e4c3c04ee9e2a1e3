import { startGateway } from '../app/start.ts';
import type { Command } from './commands.ts';
import { cliEnvironment } from './environment.ts';

export const serveCommand: Command = {
  usage: 'serve',
  summary: 'Migrate the database and serve the gateway and UI (default)',
  help: `Usage: portcullis serve

Migrates the database, creates the first admin when none exists, and serves
the API and the web UI on PORTCULLIS_HOST:PORTCULLIS_PORT (127.0.0.1:8080).
SIGTERM or SIGINT stops accepting connections, lets open streams finish for
SHUTDOWN_GRACE_MS, writes every pending chat log row and exits 0.`,
  async run() {
    // Everything the gateway writes (data dir, SQLite and its -wal/-shm, backups) is owner-only.
    process.umask(0o077);
    const gateway = await startGateway({ env: cliEnvironment() });
    return new Promise<number>((resolve) => {
      let stopping = false;
      const stop = () => {
        if (stopping) return;
        stopping = true;
        gateway.close().then(
          () => resolve(0),
          (error: unknown) => {
            gateway.ctx.log.error({ err: error }, 'shutdown failed');
            resolve(1);
          },
        );
      };
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    });
  },
};
