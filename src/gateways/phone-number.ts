import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { z } from 'zod';

export type { CountryCode };

/** An ISO 3166 country code libphonenumber knows (`KE`, `GH`), for numbers gateways send in national format. */
export const CountryCodeSchema = z
  .string()
  .transform((s) => s.toUpperCase())
  .refine(isSupportedCountry, 'expected a two-letter country code such as KE or GH');

/**
 * A phone number as gateways send it (`+254711999001`, `00254711999001`, `254711999001`, or
 * national `0711999001` with `defaultCountry` KE) as E.164 digits without the plus
 * (`254711999001`); undefined when it is no valid number in any of those readings.
 * Digits without a prefix are first read in the default country (`0711…`, or `254711…` with its
 * own country code), then as international (most gateways drop the plus).
 */
export function e164Digits(sent: string, defaultCountry: CountryCode | undefined): string | undefined {
  const digits = sent.replace(/\D/g, '');
  const international = sent.trim().startsWith('+') ? digits : digits.startsWith('00') ? digits.slice(2) : undefined;
  const readings: [string, CountryCode | undefined][] =
    international !== undefined ? [[`+${international}`, undefined]] : [...(defaultCountry ? [[digits, defaultCountry] as [string, CountryCode]] : []), [`+${digits}`, undefined]];
  for (const [text, country] of readings) {
    // Only digits (and a plus) by now: nothing to find inside the text, so no extraction pass.
    const number = parsePhoneNumberFromString(text, { defaultCountry: country, extract: false });
    if (number?.isValid()) return number.number.slice(1);
  }
  return undefined;
}
