import { e164Digits, type CountryCode } from '../gateways/phone-number.js';
import { maskMsisdn, type Logger } from '../infra/logger.js';

/** Numbers remembered; past this the memory starts afresh (a bound, not a cache policy). */
const REMEMBERED = 50_000;

/**
 * Turns the number a codec read into the one form every store keys by (E.164 digits, see
 * `e164Digits`). Each distinct number is parsed once per process: a session's later hops, and a
 * caller's later sessions, reuse the answer. A number no reading makes valid keeps its digits and
 * is logged once (masked), so an operator can set `DEFAULT_COUNTRY` or ask the gateway.
 */
export class PhoneNumbers {
  private readonly known = new Map<string, string>();

  constructor(
    private readonly defaultCountry: CountryCode | undefined,
    private readonly log: Logger,
  ) {}

  msisdnOf(sent: string): string {
    const known = this.known.get(sent);
    if (known !== undefined) return known;
    const e164 = e164Digits(sent, this.defaultCountry);
    const msisdn = e164 ?? sent.replace(/\D/g, '');
    if (e164 === undefined) {
      this.log.warn({ msisdn: maskMsisdn(sent), defaultCountry: this.defaultCountry ?? null }, 'phone number kept as sent: not a valid number in any reading (is DEFAULT_COUNTRY set?)');
    }
    if (this.known.size >= REMEMBERED) this.known.clear();
    this.known.set(sent, msisdn);
    return msisdn;
  }
}
