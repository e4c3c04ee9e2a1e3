import { Writable } from 'node:stream';

/** A pino destination that keeps every line in memory for assertions. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    for (const line of chunk.toString('utf8').split('\n')) if (line !== '') this.lines.push(line);
    done();
  }

  get text(): string {
    return this.lines.join('\n');
  }

  /** Parsed log records, optionally only those with the given message. */
  records(message?: string): Array<Record<string, unknown>> {
    const parsed = this.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    return message === undefined ? parsed : parsed.filter((record) => record.msg === message);
  }
}

const SECRET_PATTERNS: RegExp[] = [
  /sk-or-[A-Za-z0-9-]{6,}/,
  /pcl_[0-9A-Za-z]{20,}/,
  /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/,
];

/** Throws when the log holds a key, a token or one of the given secret strings. */
export function assertNoSecrets(text: string, secrets: readonly string[]): void {
  for (const pattern of SECRET_PATTERNS) {
    const found = pattern.exec(text);
    if (found !== null)
      throw new Error(`secret-like value in the gateway log: ${found[0].slice(0, 12)}…`);
  }
  for (const secret of secrets) {
    if (secret.length >= 8 && text.includes(secret)) {
      throw new Error(`a configured secret appears in the gateway log (${secret.slice(0, 3)}…)`);
    }
  }
}
