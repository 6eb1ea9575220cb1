/**
 * Xero's JSON dates. The Accounting API renders timestamps in the Microsoft
 * JSON format `/Date(1700000000000+0000)/` and calendar dates both that way and
 * as `DateString` (`2024-01-15T00:00:00`)
 * (https://developer.xero.com/documentation/api/accounting/requests-and-responses#json-responses-and-date-formats).
 * Requests may send `yyyy-mm-dd`, ISO date-times or the MS form.
 */

export function msDate(ms: number): string {
  return `/Date(${ms}+0000)/`;
}

/** `2024-01-15T00:00:00`: Xero's *DateString fields (no zone, no fraction). */
export function dateString(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

/** Parses `/Date(ms[+hhmm])/`, `yyyy-mm-dd`, or an ISO date-time; null when unreadable. */
export function parseXeroDate(value: string): number | null {
  const ms = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/.exec(value.trim());
  if (ms) return Number(ms[1]);
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  if (day) return Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]));
  // ISO without a zone is UTC for Xero (If-Modified-Since "yyyy-mm-ddThh:mm:ss" is a UTC timestamp).
  const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value.trim()) ? `${value.trim()}Z` : value.trim();
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
}

/** Midnight UTC of the day containing `ms` (invoice dates are calendar days). */
export function startOfDay(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
}

/** Webhook `eventDateUtc`: ISO with milliseconds and no zone, as Xero sends it (`2025-12-02T00:44:09.923`). */
export function eventDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 23);
}
