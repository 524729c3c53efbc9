/** Where the admin API lives; no spec may serve a path under it. */
export const ADMIN_PREFIX = '/__mock';

export function isAdminPath(url: string): boolean {
  return url === ADMIN_PREFIX || url.startsWith(`${ADMIN_PREFIX}/`) || url.startsWith(`${ADMIN_PREFIX}?`);
}
