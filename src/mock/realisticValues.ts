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

export function isSecretName(name: string): boolean {
  return /token|secret|password|passwd|api_?key/i.test(name);
}

export function isTelegramTokenName(name: string): boolean {
  return /telegram_?token|bot_?token/i.test(name);
}

export function isIdentifierName(name: string): boolean {
  return /^id$|[a-z0-9]Id$|_id$/i.test(name);
}

/** Rules by field name for strings; the first that matches wins. */
export function stringForName(name: string, faker: Faker, now: Date): string | undefined {
  const lower = name.toLowerCase();
  if (/^request_?id$/.test(lower)) return requestId(faker, now);
  if (lower === 'fingerprint') return faker.string.hexadecimal({ length: 32, casing: 'lower', prefix: '' });
  if (isTelegramTokenName(name)) return telegramBotToken(faker);
  if (lower === 'mention' || /bot_?(user)?name/.test(lower)) return telegramBotUsername(faker);
  if (lower.includes('email')) return faker.internet.email().toLowerCase();
  if (lower === 'username' || lower === 'login') return faker.internet.username().toLowerCase();
  if (/url|uri|link|href/.test(lower)) return faker.internet.url();
  if (/phone/.test(lower)) return faker.phone.number({ style: 'international' });
  if (/^(first_?name)$/.test(lower)) return faker.person.firstName();
  if (/^(last_?name|surname)$/.test(lower)) return faker.person.lastName();
  if (/^(full_?)?name$|author/.test(lower)) return faker.person.fullName();
  if (/title|label|subject/.test(lower)) return faker.company.catchPhrase();
  if (/message|description|summary|comment|text|reason/.test(lower)) return faker.lorem.sentence();
  if (/country/.test(lower)) return faker.location.countryCode();
  if (/city/.test(lower)) return faker.location.city();
  if (/stack/.test(lower))
    return `Error: ${faker.lorem.sentence()}\n    at ${faker.system.fileName()}:${faker.number.int(400)}:${faker.number.int(80)}`;
  return undefined;
}

/** Rules by `format` for strings. */
export function stringForFormat(format: string, faker: Faker, now: Date): string | undefined {
  switch (format) {
    case 'uuid':
      return faker.string.uuid();
    case 'date-time':
      return now.toISOString();
    case 'date':
      return now.toISOString().slice(0, 10);
    case 'time':
      return now.toISOString().slice(11, 19) + 'Z';
    case 'email':
    case 'idn-email':
      return faker.internet.email().toLowerCase();
    case 'uri':
    case 'url':
    case 'iri':
      return faker.internet.url();
    case 'uri-reference':
      return `/${faker.word.noun()}/${faker.number.int(999)}`;
    case 'hostname':
    case 'idn-hostname':
      return faker.internet.domainName();
    case 'ipv4':
      return faker.internet.ipv4();
    case 'ipv6':
      return faker.internet.ipv6();
    case 'byte':
      return Buffer.from(faker.lorem.word()).toString('base64');
    case 'password':
      return faker.internet.password({ length: 16 });
    case 'duration':
      return `PT${faker.number.int({ min: 1, max: 59 })}M`;
    default:
      return undefined;
  }
}
