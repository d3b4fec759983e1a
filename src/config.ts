import { z } from 'zod';
import { CidrListSchema, parseGatewayEnv, RateLimitSchema, type GatewaySettings } from './gateways/gateway-env.js';
import { parseLegacyUrls } from './gateways/legacy-env.js';
import { CountryCodeSchema } from './gateways/phone-number.js';
import { GATEWAYS } from './gateways/registry.js';

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const url = z.url({ protocol: /^https?$/ });
const CLUSTER_NODE = String.raw`(?:rediss?:\/\/(?:[^@/\s]*@)?)?[\w.\-]+:\d{1,5}`;
const CLUSTER_NODES = new RegExp(`^${CLUSTER_NODE}(?:,${CLUSTER_NODE})*$`);
const sessionKey = z.string().min(32, 'use at least 32 characters (`openssl rand -base64 32`)');

/** Every environment variable the service reads. Parsed once, at start-up. */
const EnvSchema = z.object({
  /** `production` (the image and the manifests set it): no sandbox stands in for a provider, and the simulator is off unless asked for. */
  NODE_ENV: z.string().optional(),
  PORT: int(0, 65535).default(3000),
  /** The address to listen on; unset: every interface (IPv6 and IPv4). */
  HOST: z.string().min(1).optional(),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).default('redis://127.0.0.1:6379'),
  MENUS_DIR: z.string().min(1).default('./menus'),
  KEY_PREFIX: z.string().regex(/^[\w.-]+$/, 'expected letters, digits, "_", "." or "-"').default('ussd'),
  SESSION_TTL_SECONDS: int(1, 86_400).default(20),
  RESUME_WINDOW_SECONDS: int(0, 86_400).default(120),
  RESPONSE_DEADLINE_MS: int(50, 60_000).default(2000),
  ROLE: z.enum(['web', 'worker', 'all']).default('all'),
  BILLING_URL: url.optional(),
  SMS_URL: url.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  REDIS_COMMAND_TIMEOUT_MS: int(10, 60_000).default(500),
  ENDED_SESSION_TTL_SECONDS: int(1, 86_400).default(60),
  MAX_BODY_BYTES: int(256, 1_048_576).default(8192),
  /** A request (headers and body) must arrive within this, or 408 and the socket closes. */
  HTTP_REQUEST_TIMEOUT_MS: int(100, 300_000).default(10_000),
  /** Open connections one client address may hold (a load balancer is one address); 0: no cap. */
  MAX_CONNECTIONS_PER_CLIENT: int(0, 1_000_000).default(1024),
  MENUS_WATCH: z.stringbool().default(true),
  ADMIN_TOKEN: z.string().min(16, 'use at least 16 characters').optional(),
  /**
   * The key sensitive inputs (PINs) are sealed with in Redis: every web replica needs the same one.
   * Unset: a throwaway key per process, with a warning (never in production).
   */
  SESSION_SECRET_KEY: sessionKey.optional(),
  /**
   * While SESSION_SECRET_KEY is rotated: the other key (the old one, or the new one staged ahead).
   * Values sealed and tokens made under it are still read; nothing new is sealed with it.
   */
  SESSION_SECRET_KEY_PREVIOUS: sessionKey.optional(),
  /** Default: on, except with NODE_ENV=production. */
  SIMULATOR_ENABLED: z.stringbool().optional(),
  DUPLICATE_WINDOW_MS: int(0, 10_000).default(1000),
  SESSION_CACHE_SIZE: int(0, 10_000_000).default(50_000),
  /** Live entries one source's `cacheSeconds` cache may hold in Redis (each at most 16 KB). */
  CACHE_MAX_ENTRIES_PER_SOURCE: int(1, 10_000_000).default(10_000),
  TRUSTED_PROXY_CIDRS: CidrListSchema.optional(),
  /** Numbers sent in national format (`0711999001`) are read in this country; unset: only international ones are normalised. */
  DEFAULT_COUNTRY: CountryCodeSchema.optional(),
  RATE_LIMIT_PER_MSISDN: RateLimitSchema.optional(),
  REDIS_CLUSTER_NODES: z
    .string()
    .regex(CLUSTER_NODES, 'expected host:port[,host:port…] (or redis[s]://[user:pass@]host:port entries)')
    .optional(),
  OTEL_EXPORTER_OTLP_ENDPOINT: url.optional(),
  /** Longest wait for the legacy USSD app on one hop; unset: the reply deadline less a margin (see `legacyTimeoutMs`). */
  LEGACY_TIMEOUT_MS: int(10, 60_000).optional(),
  SHUTDOWN_DELAY_MS: int(0, 120_000).default(0),
  SHUTDOWN_TIMEOUT_MS: int(1000, 600_000).default(10_000),
  // Effects (billing, SMS, calls to sources): queues, workers, provider calls, breakers, the outbox sweeper.
  /** Unset: `{<KEY_PREFIX>}`, so deployments that share a Redis under their own KEY_PREFIX share no queue either. */
  QUEUE_PREFIX: z.string().regex(/^\{[^{}:]+\}$/, 'expected a Redis Cluster hash tag such as {ussd}').optional(),
  BILLING_CONCURRENCY: int(1, 1000).default(10),
  SMS_CONCURRENCY: int(1, 1000).default(10),
  CALL_CONCURRENCY: int(1, 1000).default(10),
  EFFECT_ATTEMPTS: int(1, 100).default(12),
  EFFECT_BACKOFF_MS: int(10, 3_600_000).default(2000),
  EFFECT_KEEP_COMPLETED_SECONDS: int(60, 90 * 86_400).default(86_400),
  EFFECT_KEEP_FAILED_SECONDS: int(60, 365 * 86_400).default(7 * 86_400),
  PROVIDER_TIMEOUT_MS: int(50, 120_000).default(5000),
  BREAKER_ERROR_THRESHOLD_PERCENT: int(1, 99).default(50),
  BREAKER_VOLUME_THRESHOLD: int(0, 100_000).default(5),
  BREAKER_RESET_TIMEOUT_MS: int(100, 3_600_000).default(10_000),
  BREAKER_WINDOW_MS: int(100, 3_600_000).default(10_000),
  OUTBOX_SWEEP_INTERVAL_MS: int(0, 3_600_000).default(10_000),
  OUTBOX_SWEEP_MIN_AGE_MS: int(0, 3_600_000).default(5000),
  /** Tests only: kill the process with SIGKILL at this point (see README, "Effects"). */
  TEST_CRASH_POINT: z.enum(['after-outbox-write']).optional(),
}).refine((c) => c.SHUTDOWN_TIMEOUT_MS > c.SHUTDOWN_DELAY_MS + Math.max(c.RESPONSE_DEADLINE_MS, c.PROVIDER_TIMEOUT_MS), {
  path: ['SHUTDOWN_TIMEOUT_MS'],
  message: 'must be longer than SHUTDOWN_DELAY_MS + the longer of RESPONSE_DEADLINE_MS and PROVIDER_TIMEOUT_MS, or a callback or job in flight could be cut off at shutdown',
}).refine((c) => c.LEGACY_TIMEOUT_MS === undefined || c.LEGACY_TIMEOUT_MS <= defaultLegacyTimeoutMs(c.RESPONSE_DEADLINE_MS), {
  path: ['LEGACY_TIMEOUT_MS'],
  message: "must be at most RESPONSE_DEADLINE_MS less a fifth (at most 250 ms), or the deadline guard answers before the legacy app's failure can be, and the call runs on after the caller's answer",
}).refine((c) => c.SESSION_SECRET_KEY_PREVIOUS === undefined || c.SESSION_SECRET_KEY !== undefined, {
  path: ['SESSION_SECRET_KEY_PREVIOUS'],
  message: 'set without SESSION_SECRET_KEY, the key new values are sealed with: set both, or neither',
});

/** The name of every variable EnvSchema reads (besides the GATEWAY_*, LEGACY_*_URL and SOURCE_* families). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(EnvSchema.shape);

/**
 * The validated configuration: the variables' own names, so `grep` finds every use.
 * `GATEWAY_SETTINGS.HUBTEL.SECRET` is `GATEWAY_HUBTEL_SECRET` (see `gateways/gateway-env.ts`).
 */
export type Config = Readonly<
  Omit<z.infer<typeof EnvSchema>, 'SIMULATOR_ENABLED' | 'QUEUE_PREFIX'> & {
    SIMULATOR_ENABLED: boolean;
    QUEUE_PREFIX: string;
    GATEWAY_SETTINGS: Readonly<Record<string, GatewaySettings>>;
    /** `LEGACY_<GATEWAY>_URL` by gateway env name (`AFRICASTALKING`): where callbacks this service does not serve go. */
    LEGACY_URLS: Readonly<Record<string, string>>;
    /** REDIS_URL was set: the quick start may start a throwaway redis-server only when it was not. */
    REDIS_URL_SET: boolean;
    /**
     * Every SOURCE_* variable, by name: what a menu's `${NAME}` may read (its sources' URLs and
     * tokens). Nothing else of the environment is ever handed to a menu.
     */
    SOURCE_SETTINGS: Readonly<Record<string, string>>;
  }
>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the environment; throws one ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(present);
  const gateways = parseGatewayEnv(present, GATEWAYS.map((g) => g.envName));
  const legacy = parseLegacyUrls(present, GATEWAYS.map((g) => g.envName));
  const problems = [
    ...(parsed.success
      ? []
      : parsed.error.issues.map((i) => {
          const name = String(i.path[0]);
          // A check across variables can fail on one left at its default.
          return `${name}${present[name] === undefined ? ' (not set: its default)' : `=${shown(name, env[name])}`}: ${i.message}`;
        })),
    ...gateways.problems,
    ...legacy.problems,
    ...emptyProtections(env),
  ];
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const simulator = parsed.data.SIMULATOR_ENABLED ?? !isProduction(parsed.data);
  const sourceSettings = Object.freeze(Object.fromEntries(Object.entries(present).filter(([name]) => SOURCE_SETTING.test(name)))) as Record<string, string>;
  return Object.freeze({
    ...parsed.data,
    SIMULATOR_ENABLED: simulator,
    QUEUE_PREFIX: parsed.data.QUEUE_PREFIX ?? `{${parsed.data.KEY_PREFIX}}`,
    GATEWAY_SETTINGS: gateways.settings,
    LEGACY_URLS: legacy.urls,
    REDIS_URL_SET: present.REDIS_URL !== undefined,
    SOURCE_SETTINGS: sourceSettings,
  });
}

const SOURCE_SETTING = /^SOURCE_[A-Z0-9_]+$/;

const isProduction = (c: Pick<Config, 'NODE_ENV'>): boolean => c.NODE_ENV === 'production';

/** Variables whose value is a secret: a problem names them, never shows them. */
const SECRET_VARIABLES = new Set(['ADMIN_TOKEN', 'SESSION_SECRET_KEY', 'SESSION_SECRET_KEY_PREVIOUS']);

/** A variable's value as a problem may show it: secrets hidden, passwords and queries (`?api-key=…`) in URLs masked. */
function shown(name: string, value: string | undefined): string {
  return SECRET_VARIABLES.has(name) ? '(hidden)' : JSON.stringify(withoutPasswords(value ?? '').replace(/\?[^\s,;]*/g, '?***'));
}

/**
 * `redis://user:pw@host` → `redis://user:***@host`, for every URL in `text`: what start-up errors and
 * logs may print. The password runs to the `@` before the host, whatever it holds: one pasted
 * unescaped (base64 has `/` and `+`) makes the URL invalid, and then it is printed in the error.
 */
export function withoutPasswords(text: string): string {
  return text.replace(/(\/\/[^:/@\s]*):\S*?@(?=(?:[\w.-]+|\[[\da-fA-F:.]*\])(?::[^\s/,;)?#@]*)?(?:[/,;\s)?#]|$))/g, '$1:***@');
}

/**
 * A protection set to the empty string (a Kubernetes secret with no value) must not quietly mean
 * "unprotected": refused, naming the variable.
 */
function emptyProtections(env: NodeJS.ProcessEnv): string[] {
  return Object.entries(env)
    .filter(([name, value]) => value === '' && /^GATEWAY_\w+_(SECRET|ALLOW_CIDRS)$/.test(name))
    .map(([name]) => `${name} is set but empty: unset it to leave the gateway unprotected, or give it a value`);
}

/**
 * Production has no stand-ins: with NODE_ENV=production each variable in `required` (the provider
 * URLs a worker calls, the `SOURCE_*` its menus name, whatever comes next) must be set. Throws
 * one ConfigError naming every missing one; elsewhere a missing provider gets a local sandbox.
 */
export function requireInProduction(config: Pick<Config, 'NODE_ENV'>, required: readonly string[], env: NodeJS.ProcessEnv = process.env): void {
  if (!isProduction(config)) return;
  const missing = [...new Set(required)].filter((name) => !env[name]);
  const providers = missing.filter((name) => name !== SESSION_SECRET);
  const problems = [
    ...(providers.length > 0 ? [`NODE_ENV=production needs ${providers.join(', ')} (no sandbox stands in for a provider in production)`] : []),
    ...(missing.includes(SESSION_SECRET) ? [`NODE_ENV=production needs ${SESSION_SECRET} (sensitive inputs are sealed with it; no throwaway key in production)`] : []),
  ];
  if (problems.length > 0) throw new ConfigError(problems);
}

/** What a web replica (ROLE web or all) needs in production besides its menus' sources: the key every replica seals with. */
export const SESSION_SECRET = 'SESSION_SECRET_KEY';

/** LEGACY_TIMEOUT_MS, or the reply deadline less room to answer the caller when the legacy app is too slow. */
export function legacyTimeoutMs(config: Pick<Config, 'LEGACY_TIMEOUT_MS' | 'RESPONSE_DEADLINE_MS'>): number {
  return config.LEGACY_TIMEOUT_MS ?? defaultLegacyTimeoutMs(config.RESPONSE_DEADLINE_MS);
}

function defaultLegacyTimeoutMs(deadlineMs: number): number {
  return Math.max(10, deadlineMs - Math.min(250, deadlineMs / 5));
}
