/**
 * Why an XML feed must be refused before parsing, or undefined when it is safe.
 *
 * The XML tokenizer (htmlparser2) never loads external entities or DTDs, but a
 * document that declares entities is either an attack (XXE: `<!ENTITY x SYSTEM "file:...">`,
 * or the "billion laughs" expansion bomb) or relies on expansion we will not do. Refusing it
 * whole, with a reason, is clearer than a half-parsed feed with holes. A DOCTYPE that only
 * names a public DTD (as RSS 0.91 feeds do) is harmless and accepted.
 */
export function xmlSafetyProblem(xml: string): string | undefined {
  // The DOCTYPE must come before the root element, so the head of the document is enough.
  const head = xml.slice(0, 64 * 1024);
  const doctype = /<!DOCTYPE\b/i.exec(head);
  if (!doctype) return undefined;
  const rest = head.slice(doctype.index);
  if (/<!ENTITY\b/i.test(rest.slice(0, internalSubsetEnd(rest)))) {
    return 'refused: the feed declares XML entities (<!ENTITY> in its DOCTYPE); entity expansion is disabled for safety (XXE, entity bombs)';
  }
  return undefined;
}

// The DOCTYPE ends at the first ">" after its internal subset ("[...]"), if it has one.
function internalSubsetEnd(doctype: string): number {
  const open = doctype.indexOf('[');
  const firstClose = doctype.indexOf('>');
  if (open === -1 || (firstClose !== -1 && firstClose < open))
    return firstClose === -1 ? doctype.length : firstClose;
  const close = doctype.indexOf(']', open);
  return close === -1 ? doctype.length : close;
}
