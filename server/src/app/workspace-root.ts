import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const WORKSPACE_NAME = 'portcullis-workspace';

/**
 * Finds the repository root by walking up from this module, so paths hold
 * both when the server runs from its sources and from the bundle in
 * server/dist.
 */
export function workspaceRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && readFileSync(manifest, 'utf8').includes(`"${WORKSPACE_NAME}"`)) {
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error(`no ${WORKSPACE_NAME} package.json above ${import.meta.url}`);
    dir = parent;
  }
}
