/** A strict little XML reader for the JUnit report: throws on anything not well-formed, returns the element tree. */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_][\w.-]*/;
const ENTITY = /^&(?:(amp|lt|gt|quot|apos)|#(\d+)|#x([0-9a-fA-F]+));/;
const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function parseXml(source: string): XmlElement {
  let at = 0;
  const fail = (why: string): never => {
    throw new Error(`not well-formed at ${at}: ${why} near ${JSON.stringify(source.slice(at, at + 40))}`);
  };
  const decode = (raw: string): string => {
    let out = '';
    for (let i = 0; i < raw.length;) {
      const char = raw.charAt(i);
      if (char === '<') fail('< in text or attribute');
      if (char !== '&') {
        out += char;
        i++;
        continue;
      }
      const match = ENTITY.exec(raw.slice(i));
      if (!match) return fail('bad entity');
      out +=
        match[1] !== undefined
          ? (NAMED[match[1]] ?? '')
          : String.fromCodePoint(
              Number.parseInt(match[2] ?? match[3] ?? '', match[2] !== undefined ? 10 : 16),
            );
      i += match[0].length;
    }
    return out;
  };
  const skipSpace = (): void => {
    while (/\s/.test(source.charAt(at))) at++;
  };
  if (source.startsWith('<?xml')) {
    const end = source.indexOf('?>');
    if (end < 0) fail('unterminated declaration');
    at = end + 2;
  }
  skipSpace();
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (at < source.length) {
    if (source.startsWith('</', at)) {
      at += 2;
      const name = NAME.exec(source.slice(at))?.[0] ?? fail('closing tag without a name');
      at += name.length;
      skipSpace();
      if (source.charAt(at) !== '>') fail('closing tag not closed');
      at++;
      const open = stack.pop();
      if (open?.name !== name) fail(`</${name}> closes <${open?.name ?? 'nothing'}>`);
      if (stack.length === 0) break;
    } else if (source.charAt(at) === '<') {
      at++;
      const name = NAME.exec(source.slice(at))?.[0] ?? fail('tag without a name');
      at += name.length;
      const attributes: Record<string, string> = {};
      for (;;) {
        skipSpace();
        if (source.startsWith('/>', at) || source.charAt(at) === '>') break;
        const attribute = NAME.exec(source.slice(at))?.[0] ?? fail('attribute without a name');
        at += attribute.length;
        if (source.charAt(at) !== '=' || source.charAt(at + 1) !== '"') fail('attribute value not quoted');
        const end = source.indexOf('"', at + 2);
        if (end < 0) fail('unterminated attribute');
        if (attribute in attributes) fail(`duplicate attribute ${attribute}`);
        attributes[attribute] = decode(source.slice(at + 2, end));
        at = end + 1;
      }
      const element: XmlElement = { name, attributes, children: [], text: '' };
      const parent = stack.at(-1);
      if (parent) parent.children.push(element);
      else if (root) fail('a second root element');
      else root = element;
      if (source.startsWith('/>', at)) {
        at += 2;
        if (stack.length === 0) break;
      } else {
        at++;
        stack.push(element);
      }
    } else {
      const end = source.indexOf('<', at);
      const parent = stack.at(-1) ?? fail('text outside the root');
      parent.text += decode(source.slice(at, end < 0 ? source.length : end));
      at = end < 0 ? source.length : end;
    }
  }
  if (stack.length > 0 || !root) return fail('unclosed elements');
  skipSpace();
  if (at < source.length) fail('content after the root element');
  return root;
}
