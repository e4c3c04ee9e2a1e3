import { validationError } from '../http/errors.ts';
import { addDays, isCalendarDay, startOfDay } from './calendar-day.ts';

/** A half-open range of instants in Unix ms: from inclusive, to exclusive. */
export interface TimeRange {
  fromMs: number | undefined;
  toMs: number | undefined;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Parses the `from` and `to` filters. A date (`YYYY-MM-DD`) means that whole
 * day in the usage time zone, so both ends include their day; a date-time
 * with a zone (ISO 8601) is taken as given, `from` inclusive and `to` exclusive.
 */
export function parseTimeRange(
  query: { from?: string | undefined; to?: string | undefined },
  timeZone: string,
): TimeRange {
  const fromMs = parseBound('from', query.from, timeZone, 0);
  const toMs = parseBound('to', query.to, timeZone, 1);
  return { fromMs, toMs };
}

function parseBound(
  param: string,
  raw: string | undefined,
  timeZone: string,
  dayShift: 0 | 1,
): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (isCalendarDay(raw)) return startOfDay(addDays(raw, dayShift), timeZone);
  const ms = DATE_TIME.test(raw) ? Date.parse(raw) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw validationError(
      param,
      `${param} must be a date (YYYY-MM-DD) or an ISO 8601 date-time with a zone, such as 2026-12-01T08:00:00Z.`,
    );
  }
  return ms;
}
