/** The quota day of an instant: its `YYYY-MM-DD` date in the given IANA zone. */
export function quotaDay(zone: string, instantMs: number): string {
  const parts = datePartsIn(zone, instantMs);
  return `${parts.year}-${pad(parts.month)}-${pad(parts.day)}`;
}

/**
 * Returns the first instant (Unix ms) of the quota day after the one holding
 * `instantMs`: the next local midnight, or the first local time of that day
 * where a clock change skips midnight.
 */
export function nextDayStart(zone: string, instantMs: number): number {
  const today = datePartsIn(zone, instantMs);
  const wallMidnight = Date.UTC(today.year, today.month - 1, today.day + 1);
  const tomorrow = quotaDay('UTC', wallMidnight);
  // Two passes converge on the offset that holds at local midnight itself.
  let candidate = wallMidnight - offsetAt(zone, wallMidnight);
  candidate = wallMidnight - offsetAt(zone, candidate);
  while (quotaDay(zone, candidate) < tomorrow) candidate += 15 * 60_000;
  while (quotaDay(zone, candidate - 60_000) === tomorrow) candidate -= 60_000;
  return candidate;
}

interface DateParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

function datePartsIn(zone: string, instantMs: number): DateParts {
  const values: Record<string, number> = {};
  for (const part of formatterFor(zone).formatToParts(instantMs)) {
    if (part.type !== 'literal') values[part.type] = Number(part.value);
  }
  return {
    year: values.year ?? 0,
    month: values.month ?? 1,
    day: values.day ?? 1,
    hour: values.hour ?? 0,
    minute: values.minute ?? 0,
    second: values.second ?? 0,
  };
}

/** Milliseconds the zone's wall clock is ahead of UTC at an instant. */
function offsetAt(zone: string, instantMs: number): number {
  const p = datePartsIn(zone, instantMs);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wall - Math.floor(instantMs / 1000) * 1000;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
