import { readEnvFile } from '../config/env-file.ts';
import type { Env } from '../config/parse.ts';

/** The process environment over the values of `.env` in the working directory. */
export function cliEnvironment(): Env {
  return { ...readEnvFile(process.cwd()), ...process.env };
}
