/**
 * `254711000111` → `2547****0111`: enough to tell callers apart in a log, not enough to call them.
 * At least four digits stay hidden whatever the length (a national `0711000111` is `071****111`):
 * four digits at each end of a ten-digit number would leave two to guess.
 */
export function maskMsisdn(msisdn: string): string {
  const digits = msisdn.replace(/\D/g, '');
  if (digits.length <= 8) return '*'.repeat(digits.length);
  const keep = Math.min(4, Math.floor((digits.length - 4) / 2));
  return `${digits.slice(0, keep)}****${digits.slice(-keep)}`;
}
