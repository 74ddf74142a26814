// dbgen's calendar: order dates are drawn as day numbers from 1992-01-01; "now" for statuses and
// return flags is 1995-06-17. Dates are kept as days since the Unix epoch (Arrow/Parquet DATE).

/** 1992-01-01, days since 1970-01-01. */
export const START_DATE = 8035;
/** Days from 1992-01-01 through 1998-12-31. */
export const TOTAL_DATE_RANGE = 2557;
/** dbgen's CURRENTDATE, 1995-06-17: shipped (F) and returned (R/A) means on or before it. */
export const CURRENT_DATE = 9298;

/** Epoch days → `YYYY-MM-DD`. */
export function formatDate(days: number): string {
  return new Date(days * 86_400_000).toISOString().slice(0, 10);
}
