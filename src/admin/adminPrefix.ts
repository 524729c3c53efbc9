/** Where the admin API lives; no spec may serve a path under it. */
export const ADMIN_PREFIX = '/__mock';

const UNDER = `${ADMIN_PREFIX}/`;
const QUERY = `${ADMIN_PREFIX}?`;

export function isAdminPath(url: string): boolean {
  return (
    url.startsWith(ADMIN_PREFIX) && (url === ADMIN_PREFIX || url.startsWith(UNDER) || url.startsWith(QUERY))
  );
}
