const formatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar day ('YYYY-MM-DD') an instant falls on in an IANA time zone. */
export function localDate(instant: Date, timeZone: string): string {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, format);
  }
  return format.format(instant);
}

/** True when the time zone is a name Intl knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    localDate(new Date(0), timeZone);
    return true;
  } catch {
    return false;
  }
}
