const BOT_FATHER_TOKEN = /^(\d+):(.+)$/s;

/**
 * Masks a Telegram bot token for display: the numeric bot id stays, the secret after the colon becomes
 * `*`. Anything else is masked entirely, so no part of an unexpected secret is ever shown.
 */
export function maskTelegramToken(token: string): string {
  const match = BOT_FATHER_TOKEN.exec(token);
  const botId = match?.[1];
  const secret = match?.[2];
  if (botId === undefined || secret === undefined) return '*'.repeat(token.length);
  return `${botId}:${'*'.repeat(secret.length)}`;
}
