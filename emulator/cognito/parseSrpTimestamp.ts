/** Month abbreviations of Java's `EEE MMM d HH:mm:ss z yyyy` in English, the format Cognito requires. */
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Day abbreviations of the same format. */
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

const PATTERN =
  /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{1,2}) (\d{2}):(\d{2}):(\d{2}) UTC (\d{4})$/;

/**
 * Parses an SRP TIMESTAMP such as "Tue Nov 26 02:45:04 UTC 2026" (what amazon-cognito-identity-js's
 * DateHelper writes) to epoch milliseconds, or undefined when it is not a real date in that format.
 */
export function parseSrpTimestamp(text: string): number | undefined {
  const match = PATTERN.exec(text);
  if (!match) return undefined;
  const [, weekday, month, day, hours, minutes, seconds, year] = match;
  const ms = Date.UTC(
    Number(year),
    MONTHS.indexOf(month ?? ''),
    Number(day),
    Number(hours),
    Number(minutes),
    Number(seconds),
  );
  const date = new Date(ms);
  const consistent =
    date.getUTCDate() === Number(day) &&
    date.getUTCHours() === Number(hours) &&
    date.getUTCMinutes() === Number(minutes) &&
    date.getUTCSeconds() === Number(seconds) &&
    WEEKDAYS[date.getUTCDay()] === weekday;
  return consistent ? ms : undefined;
}
