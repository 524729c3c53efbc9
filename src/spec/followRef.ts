import { MockgramError } from '../errors.ts';
import { isRecord } from './isRecord.ts';
import { resolvePointer } from './jsonPointer.ts';

export interface Located {
  readonly value: unknown;
  readonly pointer: string;
}

/** Follows a chain of local `$ref`s (parameters, responses, examples...) to the object they name. */
export function followRef(document: unknown, value: unknown, pointer: string): Located {
  let current: Located = { value, pointer };
  const seen = new Set<string>();
  while (isRecord(current.value) && typeof current.value['$ref'] === 'string') {
    const ref = current.value['$ref'];
    if (!ref.startsWith('#')) {
      throw new MockgramError('SPEC_INVALID', `unresolved external $ref '${ref}' at ${current.pointer}`);
    }
    if (seen.has(ref))
      throw new MockgramError('SPEC_INVALID', `circular $ref '${ref}' at ${current.pointer}`);
    seen.add(ref);
    const target = resolvePointer(document, ref);
    if (target === undefined) {
      throw new MockgramError('SPEC_INVALID', `$ref '${ref}' at ${current.pointer} points at nothing`);
    }
    current = { value: target, pointer: decodeFragment(ref.slice(1)) };
  }
  return current;
}

/** A `$ref` fragment is a URI fragment (`%7B` for `{`); pointers here are plain JSON Pointers. */
function decodeFragment(fragment: string): string {
  if (!fragment.includes('%')) return fragment;
  return fragment
    .split('/')
    .map((token) => {
      try {
        return decodeURIComponent(token).replaceAll('/', '~1');
      } catch {
        return token;
      }
    })
    .join('/');
}
