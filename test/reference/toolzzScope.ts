/** Where a Toolzz Telegram bot acts. The document's response table writes "group"; the request enum wins. */
export const TOOLZZ_SCOPES = ['both', 'private', 'groups'] as const;

export type ToolzzScope = (typeof TOOLZZ_SCOPES)[number];

export function isToolzzScope(value: unknown): value is ToolzzScope {
  return TOOLZZ_SCOPES.some((scope) => scope === value);
}
