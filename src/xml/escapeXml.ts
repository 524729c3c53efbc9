/** XML 1.0 allows neither most control characters nor unpaired surrogates, even escaped. */
function clean(value: string): string {
  let out = '';
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    const control = code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d;
    const invalid = (code >= 0xd800 && code <= 0xdfff) || code === 0xfffe || code === 0xffff;
    out += control || invalid ? '\uFFFD' : char;
  }
  return out;
}

/** Text content of an element; characters XML cannot carry become U+FFFD. */
export function escapeXmlText(value: string): string {
  return clean(value).replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** A double-quoted attribute value; line breaks and tabs survive attribute normalization as character references. */
export function escapeXmlAttribute(value: string): string {
  return escapeXmlText(value)
    .replaceAll('"', '&quot;')
    .replaceAll('\n', '&#10;')
    .replaceAll('\r', '&#13;')
    .replaceAll('\t', '&#9;');
}
