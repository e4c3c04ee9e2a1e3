/**
 * Turns the `YYYY-MM-DD` values of date inputs into ISO 8601 instants: `from` at the
 * start of that local day, `to` at its end, so a one-day range covers the whole day.
 */
export function toInstantRange(from: string, to: string): { from: string; to: string } {
  return {
    from: from === '' ? '' : new Date(`${from}T00:00:00`).toISOString(),
    to: to === '' ? '' : new Date(`${to}T23:59:59.999`).toISOString(),
  };
}
