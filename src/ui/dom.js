// @ts-check

/** @typedef {Node | string | number | null | undefined | false} Child */

/**
 * An element with attributes and children. Attribute values `false` and `undefined` are left out, `true` sets an
 * empty attribute; children that are strings become text (never parsed as HTML).
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, string | number | boolean | undefined>} [attributes]
 * @param {...(Child | Child[])} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

/**
 * @param {Element | DocumentFragment} parent
 * @param {(Child | Child[])[]} children
 */
export function append(parent, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(typeof child === 'number' ? String(child) : child);
  }
}

/**
 * @param {Element} parent
 * @param {(Child | Child[])[]} children replace what it holds
 */
export function replace(parent, children) {
  parent.replaceChildren();
  append(parent, children);
}

/**
 * The element with this id, or an error naming it (the page's markup and scripts ship together).
 * @template {HTMLElement} T
 * @param {string} id
 * @param {new (...args: never[]) => T} type
 * @returns {T}
 */
export function byId(id, type) {
  const element = document.getElementById(id);
  if (!(element instanceof type)) throw new Error(`the page has no #${id}`);
  return element;
}

/** @param {string} text */
export function slug(text) {
  return text.replace(/[^A-Za-z0-9_-]+/g, '-');
}

/**
 * A path with a line-break opportunity after each `/`, so long paths wrap between segments, not inside them.
 * @param {string} path
 * @returns {(string | HTMLElement)[]}
 */
export function breakablePath(path) {
  return path
    .split(/(?<=\/)/)
    .flatMap((part, i) => (i === 0 ? [part] : [document.createElement('wbr'), part]));
}
