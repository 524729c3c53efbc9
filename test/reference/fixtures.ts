import type { ReferenceOptions } from './options.ts';

export const ORGANIZATION_SECRET = 'org-secret-3c1f0d';
export const USER_ID = 'user-7d2a';
export const TOOLZZ_TOKEN = 'toolzz-access-token-91be';

export const REPLICA = '03db5651-cb61-4bdf-9ef0-89561f7c9c53';
export const UNKNOWN_REPLICA = '5a0f4f0e-1b7c-4c8e-9d0a-2f4b6c8d0e1f';
export const BOT = '6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b';
export const UNKNOWN_BOT = '0b1a2f3e-4d5c-4b6a-8978-a1b2c3d4e5f6';
export const UNIT = '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b';
export const UNKNOWN_UNIT = 'c0ffee00-0000-4000-8000-000000000001';
export const UNKNOWN_INTEGRATION = '4b1d0c2e-7a6f-4e5d-9c8b-3a2f1e0d9c8b';

/** Shaped like a BotFather token: numeric bot id, colon, 35-character secret. */
export const TELEGRAM_TOKEN = '7701101112:AAH4kd93jf8Gh2_Lq0Zx7-Vb5Nm1Pw3Rt6Y';
export const MASKED_TELEGRAM_TOKEN = `7701101112:${'*'.repeat(35)}`;

export const SENSAY_API_VERSION = '2025-03-25';
export const TOOLZZ_PATH = '/api/v1/telegram/integration';

export function sensayPath(replica: string): string {
  return `/v1/replicas/${replica}/integrations/telegram`;
}

export const VALID_SENSAY_BODY = { telegram_token: TELEGRAM_TOKEN, mention: 'acme_support_bot' } as const;

export const VALID_TOOLZZ_BODY = {
  botId: BOT,
  unitId: UNIT,
  title: 'Telegram Support',
  scope: 'groups',
  botToken: TELEGRAM_TOKEN,
} as const;

export const SENSAY_REQUEST_ID = /^[a-z0-9]+::[a-z0-9]+::[a-z0-9]{5}-\d{13}-[0-9a-f]{12}$/;
export const SENSAY_FINGERPRINT = /^[0-9a-f]{32}$/;
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const TOOLZZ_TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$/;

export function referenceOptions(overrides: Partial<ReferenceOptions> = {}): ReferenceOptions {
  return {
    organizationSecrets: [ORGANIZATION_SECRET],
    userIds: [USER_ID],
    toolzzTokens: [TOOLZZ_TOKEN],
    replicas: [REPLICA],
    bots: [BOT],
    units: [UNIT],
    ...overrides,
  };
}
