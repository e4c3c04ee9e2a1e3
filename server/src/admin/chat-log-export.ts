import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { Db } from '../storage/database.ts';
import type { ChatLogRow } from '../storage/schema.ts';
import { applyChatLogFilter, type ChatLogFilter } from './chat-log-filter.ts';

const BATCH_ROWS = 500;

/** The fixed columns of the CSV export, in order. */
export const EXPORT_COLUMNS = [
  'id',
  'createdAt',
  'userEmail',
  'model',
  'outcome',
  'errorCode',
  'promptTokens',
  'completionTokens',
  'cost',
  'latencyMs',
  'ttftMs',
  'prompt',
  'reply',
] as const;

// A spreadsheet runs a cell that starts with one of these as a formula.
const FORMULA_START = /^[=+\-@\t\r]/;

/** Prefixes `'` to text a spreadsheet would run as a formula. */
export function neutralizeFormula(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

function toCsvRecord(row: ChatLogRow): string[] {
  const cells = [
    row.id,
    new Date(Number(row.created_at)).toISOString(),
    row.user_email,
    row.model,
    row.outcome,
    row.error_code,
    row.prompt_tokens,
    row.completion_tokens,
    row.cost,
    row.latency_ms,
    row.ttft_ms,
    row.prompt,
    row.reply,
  ];
  return cells.map((cell) => (cell === null ? '' : neutralizeFormula(String(cell))));
}

/**
 * Reads matching rows newest first in batches, each batch keyed on the last
 * id seen, so memory stays flat however many rows match.
 */
async function* readRowsInBatches(db: Db, filter: ChatLogFilter): AsyncGenerator<string[]> {
  let beforeId: number | undefined;
  while (true) {
    let query = applyChatLogFilter(db.selectFrom('chat_logs').selectAll(), filter);
    if (beforeId !== undefined) query = query.where('id', '<', beforeId);
    const rows = await query.orderBy('id', 'desc').limit(BATCH_ROWS).execute();
    for (const row of rows) yield toCsvRecord(row);
    const last = rows.at(-1);
    if (rows.length < BATCH_ROWS || last === undefined) return;
    beforeId = Number(last.id);
  }
}

/** The export as a CSV byte stream: RFC 4180 quoting, CRLF line ends, a header row. */
export function chatLogCsvStream(db: Db, filter: ChatLogFilter): Readable {
  const csv = stringify({
    header: true,
    columns: [...EXPORT_COLUMNS],
    record_delimiter: 'windows',
    quoted_match: /[\r\n",]/,
  });
  const rows = Readable.from(readRowsInBatches(db, filter));
  rows.on('error', (error) => csv.destroy(error));
  return rows.pipe(csv);
}
