/** `254711000111` → `2547****0111`: enough to tell callers apart in a log, not enough to call them. */
export function maskMsisdn(msisdn: string): string {
  const digits = msisdn.replace(/\D/g, '');
  if (digits.length <= 8) return '*'.repeat(digits.length);
  return `${digits.slice(0, 4)}****${digits.slice(-4)}`;
}
