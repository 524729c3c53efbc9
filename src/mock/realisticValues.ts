import type { Faker } from '@faker-js/faker';

/**
 * Values that real APIs put in well-known fields. Each rule is keyed by field name or format and returns a value in
 * the shape the field is known to have; `undefined` means "no opinion", and the generic generator takes over.
 */
const REGIONS = ['iad1', 'sfo1', 'pdx1', 'fra1', 'cdg1', 'gru1', 'hnd1', 'syd1'] as const;
const TOKEN_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

/** A BotFather token: bot id, a colon, then `AA` and 33 URL-safe characters (35 in all). */
export function telegramBotToken(faker: Faker): string {
  const secret = faker.string.fromCharacters(TOKEN_ALPHABET, 33);
  return `${faker.number.int({ min: 1_000_000_000, max: 8_999_999_999 })}:AA${secret}`;
}

/** A Telegram bot username without `@`: 5-32 of `[A-Za-z0-9_]`, ending in `bot`. */
export function telegramBotUsername(faker: Faker): string {
  const stem = `${faker.word.adjective()}_${faker.word.noun()}`.toLowerCase().replace(/[^a-z0-9_]/g, '');
  return `${stem.slice(0, 28)}_bot`;
}

/** Sensay-style request id: `region::region::5 alnum-13 digit epoch ms-12 hex`. */
export function requestId(faker: Faker, now: Date): string {
  const region = faker.helpers.arrayElement(REGIONS);
  const short = faker.string.alphanumeric({ length: 5, casing: 'lower' });
  return `${region}::${region}::${short}-${String(now.getTime()).padStart(13, '0')}-${faker.string.hexadecimal({ length: 12, casing: 'lower', prefix: '' })}`;
}

/** The masked form a careful API returns for a secret: a numeric bot-id prefix survives, the rest becomes `*`. */
export function maskSecret(secret: string): string {
  const prefix = /^\d+:/.exec(secret)?.[0] ?? '';
  return `${prefix}${'*'.repeat(Math.max(secret.length - prefix.length, 8))}`;
}

function isSecretName(name: string): boolean {
  return /token|secret|password|passwd|api_?key/i.test(name);
}

function isTelegramTokenName(name: string): boolean {
  return /telegram_?token|bot_?token/i.test(name);
}

function isIdentifierName(name: string): boolean {
  return /^id$|[a-z0-9]Id$|_id$/i.test(name);
}

/** Makes a value of the shape a rule knows. */
export type StringRule = (faker: Faker, now: Date) => string;

/** What a field's name says about its value. */
export interface FieldName {
  readonly name: string;
  /** The name without a plural `s`: array items are generated under it. */
  readonly singular: string;
  /** Secrets come back masked, generated or echoed. */
  readonly isSecret: boolean;
  readonly isTelegramToken: boolean;
  /** Identifiers are positive integers whatever the example says. */
  readonly isIdentifier: boolean;
  /** `success`-style flags follow the response status. */
  readonly isStatusFlag: boolean;
  /** The rule for a string field of this name, if one applies. */
  readonly stringRule: StringRule | undefined;
}

/** Names come from specs and faker's word list; the bound only keeps a pathological spec from growing it forever. */
const MAX_FIELD_NAMES = 10_000;
const fieldNames = new Map<string, FieldName>();

/** The rules a field name triggers, read once per name: name tests are regexes, and generation asks per value. */
export function fieldName(name: string): FieldName {
  let known = fieldNames.get(name);
  if (known === undefined) {
    if (fieldNames.size >= MAX_FIELD_NAMES) fieldNames.clear();
    known = {
      name,
      singular: name.endsWith('s') ? name.slice(0, -1) : name,
      isSecret: isSecretName(name),
      isTelegramToken: isTelegramTokenName(name),
      isIdentifier: isIdentifierName(name),
      isStatusFlag: /^(success|ok|succeeded)$/i.test(name),
      stringRule: ruleForName(name),
    };
    fieldNames.set(name, known);
  }
  return known;
}

const emailAddress: StringRule = (faker) => faker.internet.email().toLowerCase();
const webUrl: StringRule = (faker) => faker.internet.url();

/** Rules by field name for strings; the first that matches wins. */
function ruleForName(name: string): StringRule | undefined {
  const lower = name.toLowerCase();
  if (/^request_?id$/.test(lower)) return requestId;
  if (lower === 'fingerprint')
    return (faker) => faker.string.hexadecimal({ length: 32, casing: 'lower', prefix: '' });
  if (isTelegramTokenName(name)) return telegramBotToken;
  if (lower === 'mention' || /bot_?(user)?name/.test(lower)) return telegramBotUsername;
  if (lower.includes('email')) return emailAddress;
  if (lower === 'username' || lower === 'login') return (faker) => faker.internet.username().toLowerCase();
  if (/url|uri|link|href/.test(lower)) return webUrl;
  if (/phone/.test(lower)) return (faker) => faker.phone.number({ style: 'international' });
  if (/^(first_?name)$/.test(lower)) return (faker) => faker.person.firstName();
  if (/^(last_?name|surname)$/.test(lower)) return (faker) => faker.person.lastName();
  if (/^(full_?)?name$|author/.test(lower)) return (faker) => faker.person.fullName();
  if (/title|label|subject/.test(lower)) return (faker) => faker.company.catchPhrase();
  if (/message|description|summary|comment|text|reason/.test(lower)) return (faker) => faker.lorem.sentence();
  if (/country/.test(lower)) return (faker) => faker.location.countryCode();
  if (/city/.test(lower)) return (faker) => faker.location.city();
  if (/stack/.test(lower))
    return (faker) =>
      `Error: ${faker.lorem.sentence()}\n    at ${faker.system.fileName()}:${faker.number.int(400)}:${faker.number.int(80)}`;
  return undefined;
}

const FORMAT_RULES: ReadonlyMap<string, StringRule> = new Map<string, StringRule>([
  ['uuid', (faker) => faker.string.uuid()],
  ['date-time', (_faker, now) => now.toISOString()],
  ['date', (_faker, now) => now.toISOString().slice(0, 10)],
  ['time', (_faker, now) => now.toISOString().slice(11, 19) + 'Z'],
  ['email', emailAddress],
  ['idn-email', emailAddress],
  ['uri', webUrl],
  ['url', webUrl],
  ['iri', webUrl],
  ['uri-reference', (faker) => `/${faker.word.noun()}/${faker.number.int(999)}`],
  ['hostname', (faker) => faker.internet.domainName()],
  ['idn-hostname', (faker) => faker.internet.domainName()],
  ['ipv4', (faker) => faker.internet.ipv4()],
  ['ipv6', (faker) => faker.internet.ipv6()],
  ['byte', (faker) => btoa(faker.lorem.word())],
  ['password', (faker) => faker.internet.password({ length: 16 })],
  ['duration', (faker) => `PT${faker.number.int({ min: 1, max: 59 })}M`],
]);

/** The rule for strings of a `format`, if one applies. */
export function ruleForFormat(format: string): StringRule | undefined {
  return FORMAT_RULES.get(format);
}
