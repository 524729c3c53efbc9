/** Header names as Node keys them (lower-case), computed once per documented name rather than per request. */
const keys = new Map<string, string>();
const MAX_KEYS = 10_000;

export function headerKey(name: string): string {
  let key = keys.get(name);
  if (key === undefined) {
    key = name.toLowerCase();
    if (keys.size < MAX_KEYS) keys.set(name, key);
  }
  return key;
}
