/** API Gateway's clock-skew texts, e.g. "Signature expired: A is now earlier than B (C - 5 min.)". */
const SKEW_MESSAGE = /^Signature (?:expired|not yet current): .*\((\d{8}T\d{6}Z) [+-] \d+ min\.\)/;

/** Whether a rejection says the request's X-Amz-Date was too far from AWS's clock. */
export function isClockSkew(message: string): boolean {
  return SKEW_MESSAGE.test(message);
}

/** AWS's time from a clock-skew rejection's message, else from the response's Date header. */
export function serverTimeOf(message: string, dateHeader: string | null): number | undefined {
  const stamp = SKEW_MESSAGE.exec(message)?.[1];
  if (stamp) {
    const iso = `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)}Z`;
    const time = Date.parse(iso);
    if (Number.isFinite(time)) return time;
  }
  const date = dateHeader ? Date.parse(dateHeader) : NaN;
  return Number.isFinite(date) ? date : undefined;
}
