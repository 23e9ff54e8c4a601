import { decodeHTMLStrict } from 'entities';
import { Tokenizer } from 'htmlparser2';
import type { CpuBudget } from './cpu-budget';
import { parseFeedDate } from './feed-date';
import { looksLikeHtml } from './html-to-text';
import { NewestItems } from './newest-items';
import type { RawEntry, RawFeed, TextConstruct } from './raw-feed';
import {
  atomEntry,
  atomMode,
  linkOf,
  nonEmpty,
  pickAlternate,
  rssEntry,
  SMALL_FIELDS,
  TEXT_FIELDS,
  type EntryDraft,
  type Mode,
} from './xml-entry';

// Namespaces by URI, as short names. RSS 0.9x/2.0 have none; RSS 1.0 and 0.90 have their own,
// read like RSS's ("").
const NAMESPACES: Record<string, string> = {
  'http://www.w3.org/2005/Atom': 'atom',
  'http://purl.org/atom/ns#': 'atom',
  'http://purl.org/rss/1.0/': '',
  'http://my.netscape.com/rdf/simple/0.9/': '',
  'http://channel.netscape.com/rdf/simple/0.9/': '',
  'http://backend.userland.com/rss2': '',
  'http://blogs.law.harvard.edu/tech/rss': '',
  'http://purl.org/dc/elements/1.1/': 'dc',
  'http://purl.org/dc/terms/': 'dcterms',
  'http://purl.org/rss/1.0/modules/content/': 'content',
  'http://www.w3.org/1999/xhtml': 'xhtml',
  'http://www.w3.org/1999/02/22-rdf-syntax-ns#': 'rdf',
};
// The usual prefixes, for feeds that use them without declaring them.
const PREFIXES: Record<string, string> = {
  atom: 'atom',
  a10: 'atom',
  dc: 'dc',
  dcterms: 'dcterms',
  content: 'content',
  xhtml: 'xhtml',
  rdf: 'rdf',
};

// Longest text kept of one element: a summary needs its first 1,000 characters, and whole
// articles (or a megabyte of markup in one title) must not cost more than that.
const MAX_TEXT = 64 * 1024;
const MAX_SMALL = 4 * 1024;
// The body is tokenized in slices, with a turn of the event loop between them, so other
// feeds of the cycle go on while a large one is read, and the CPU budget is checked often.
const SLICE = 256 * 1024;

/** How a text element's content is to be read. */

interface Capture {
  field: string;
  mode: Mode;
  limit: number;
  /** Names of the open child elements, innermost last. */
  open: string[];
  children: boolean;
  /** Decoded text only. */
  text: string;
  /** Child tags plus text as HTML source; text escaped when `mode` is text. */
  markup: string;
  /** Raw text not decoded yet (an entity may be cut between two slices). */
  pending: string;
  attrs: Record<string, string>;
}

interface Frame {
  /** The name as written, prefix included, to match its end tag. */
  name: string;
  ns: string;
  local: string;
  /** Prefix -> URI declared on this element. */
  scope?: Record<string, string>;
}

/** Options for {@link readXmlFeed}. */
export interface ReadXmlOptions {
  /** Entries kept, the newest. */
  maxItems: number;
  /** Charged for the time the reading holds the thread. */
  budget: CpuBudget;
}

/**
 * Reads RSS 0.9x, RSS 1.0 (RDF), RSS 2.0, Atom 1.0 and 0.3 (and a lone Atom entry) in one
 * linear pass of htmlparser2's XML tokenizer, leniently, as feed readers must: a feed without
 * `<channel>`, a prefixed root (`<r:rss>`), undeclared prefixes, HTML entities never declared
 * and unknown ones (kept as text) are all read. Every text element yields all of its text:
 * child elements (`Putin <b>meets</b> Witkoff`) become HTML, in order. Keeps the `maxItems`
 * newest entries. Throws an Error with a one-line reason when the document is no feed.
 */
export async function readXmlFeed(xml: string, options: ReadXmlOptions): Promise<RawFeed> {
  const reader = new FeedReader(xml, options.maxItems);
  const tokenizer = new Tokenizer({ xmlMode: true, decodeEntities: false }, reader);
  for (let at = 0; at < xml.length; at += SLICE) {
    options.budget.run(() => tokenizer.write(xml.slice(at, at + SLICE)));
    await options.budget.yield();
  }
  options.budget.run(() => tokenizer.end());
  return reader.result();
}

class FeedReader {
  private stack: Frame[] = [];
  private format?: RawFeed['format'];
  private root?: { name: string; closed: boolean };
  private htmlDoctype = false;
  /** The element whose children are the feed's own fields: <channel>, else the root. */
  private container?: Frame;
  private feedFields = new Map<string, TextConstruct>();
  private feedLinks: EntryDraft['links'] = [];
  private feedBases: string[] = [];
  private feedLang?: string;
  private entry?: EntryDraft;
  private entryDepth = -1;
  private entries: NewestItems<RawEntry>;
  private capture?: Capture;
  // The open tag being read: its name, then its attributes.
  private tag = '';
  private attrs: Record<string, string> = {};
  private attrName = '';
  private attrValue = '';

  constructor(
    private readonly xml: string,
    maxItems: number,
  ) {
    this.entries = new NewestItems(maxItems);
  }

  // Tokenizer callbacks. Indices are offsets into the whole document.
  ontext(start: number, end: number): void {
    const capture = this.capture;
    if (capture && capture.mode !== 'skip' && capture.text.length + capture.pending.length < capture.limit)
      capture.pending += this.xml.slice(start, Math.min(end, start + capture.limit));
  }
  ontextentity(): void {}
  oncdata(start: number, end: number, offset: number): void {
    const capture = this.capture;
    if (!capture || capture.mode === 'skip' || capture.text.length >= capture.limit) return;
    this.flushText();
    this.addText(this.xml.slice(start, Math.min(end - offset, start + capture.limit)));
  }
  onopentagname(start: number, end: number): void {
    this.tag = this.xml.slice(start, end);
    this.attrs = {};
  }
  onattribname(start: number, end: number): void {
    this.attrName = this.xml.slice(start, end);
    this.attrValue = '';
  }
  onattribdata(start: number, end: number): void {
    if (this.attrValue.length < MAX_SMALL) this.attrValue += this.xml.slice(start, end);
  }
  onattribentity(): void {}
  onattribend(): void {
    if (!(this.attrName in this.attrs)) this.attrs[this.attrName] = decodeHTMLStrict(this.attrValue);
  }
  onopentagend(): void {
    this.open(this.tag, this.attrs);
  }
  onselfclosingtag(): void {
    this.open(this.tag, this.attrs);
    this.close(this.tag, false);
  }
  onclosetag(start: number, end: number): void {
    this.close(this.xml.slice(start, end), false);
  }
  ondeclaration(start: number, end: number): void {
    if (!this.root && /^doctype\s+html\b/i.test(this.xml.slice(start, Math.min(end, start + 64))))
      this.htmlDoctype = true;
  }
  onprocessinginstruction(): void {}
  oncomment(): void {}
  onend(): void {
    // Elements left open at the end: the document was cut short.
    if (this.capture) this.endCapture();
    while (this.stack.length > 0) this.pop(true);
  }

  private open(name: string, attrs: Record<string, string>): void {
    const capture = this.capture;
    if (capture) {
      // Markup inside a text element: its words are kept, in order, as HTML.
      capture.open.push(name);
      if (capture.mode === 'skip') return;
      this.flushText();
      capture.children = true;
      if (capture.markup.length < capture.limit) capture.markup += `<${localName(name)}>`;
      return;
    }
    // Not a name ("<" in text, which XML forbids but feeds write): read on as if it were not there.
    if (!/^[A-Za-z_]/.test(name)) return;
    const frame: Frame = { name, ns: '', local: localName(name) };
    for (const [key, value] of Object.entries(attrs)) {
      if (key === 'xmlns' || key.startsWith('xmlns:')) (frame.scope ??= {})[key.slice(6)] = value.trim();
    }
    this.stack.push(frame);
    frame.ns = this.namespaceOf(name);
    const depth = this.stack.length - 1;
    if (depth === 0) {
      this.root = { name, closed: false };
      this.format = formatOf(frame);
      if (!this.format) return;
      if (attrs['xml:base']) this.feedBases.push(attrs['xml:base']);
      this.feedLang = attrs['xml:lang'];
      if (frame.local === 'entry') this.startEntry(attrs, depth);
      this.container = frame;
      return;
    }
    if (!this.format) return;
    const ns = this.format === 'atom' && frame.ns === '' ? 'atom' : frame.ns;
    if (!this.entry) {
      if ((ns === '' && frame.local === 'item') || (ns === 'atom' && frame.local === 'entry')) {
        this.startEntry(attrs, depth);
        return;
      }
      if (ns === '' && frame.local === 'channel' && depth === 1) {
        this.container = frame;
        if (attrs['xml:base']) this.feedBases.push(attrs['xml:base']);
        return;
      }
      // Feed-level fields are children of <channel> or of the root, never of <image> or <textinput>.
      const parent = this.stack[depth - 1];
      if (parent === this.container || parent === this.stack[0]) this.startFeedField(ns, frame.local, attrs);
      return;
    }
    if (depth === this.entryDepth + 1) this.startEntryField(ns, frame.local, attrs);
  }

  /**
   * An end tag. Feeds are not always well-formed: an end tag closes the element it names, and
   * the ones left open inside it; one that names no element open near the top is ignored.
   */
  private close(name: string, implied: boolean): void {
    const capture = this.capture;
    if (capture) {
      const child = lastIndexNear(capture.open, name);
      if (child !== -1) {
        if (capture.mode !== 'skip') this.flushText();
        while (capture.open.length > child) {
          const closed = capture.open.pop()!;
          if (capture.mode !== 'skip' && capture.markup.length < capture.limit)
            capture.markup += `</${localName(closed)}>`;
        }
        return;
      }
    }
    let frame = -1;
    for (let i = this.stack.length - 1; i >= 0 && i >= this.stack.length - END_TAG_REACH; i--)
      if (this.stack[i]!.name === name) {
        frame = i;
        break;
      }
    if (frame === -1) return;
    if (capture) this.endCapture();
    while (this.stack.length > frame) this.pop(implied || this.stack.length - 1 > frame);
  }

  private endCapture(): void {
    const capture = this.capture!;
    this.capture = undefined;
    if (capture.mode !== 'skip') this.finishField(capture);
  }

  private pop(implied: boolean): void {
    this.stack.pop();
    const depth = this.stack.length;
    if (this.entry && depth === this.entryDepth) this.finishEntry();
    if (depth === 0 && this.root && !implied) this.root.closed = true;
  }

  private namespaceOf(name: string): string {
    const colon = name.indexOf(':');
    const prefix = colon === -1 ? '' : name.slice(0, colon);
    let uri: string | undefined;
    for (let i = this.stack.length - 1; i >= 0 && uri === undefined; i--)
      uri = this.stack[i]!.scope?.[prefix];
    if (uri !== undefined) {
      if (uri in NAMESPACES) return NAMESPACES[uri]!;
      // A namespace we do not know is the feed's own when the root is in it (<r:rss xmlns:r=...>).
      const rootScope = this.stack[0]?.scope;
      return this.stack.length === 1 || rootScope?.[rootPrefix(this.root?.name)] === uri
        ? ''
        : `other:${uri}`;
    }
    if (!prefix) return '';
    if (prefix in PREFIXES) return PREFIXES[prefix]!;
    return this.stack.length === 1 || prefix === rootPrefix(this.root?.name) ? '' : `other:${prefix}`;
  }

  private startEntry(attrs: Record<string, string>, depth: number): void {
    this.entry = {
      fields: new Map(),
      links: [],
      guidPermalink: true,
      about: attrs['rdf:about'],
      base: attrs['xml:base'],
      lang: attrs['xml:lang'],
    };
    this.entryDepth = depth;
  }

  private startFeedField(ns: string, local: string, attrs: Record<string, string>): void {
    const key = ns ? `${ns}:${local}` : local;
    if (key === 'atom:link') {
      this.feedLinks.push(linkOf(attrs));
      this.skip();
      return;
    }
    if (key === 'title' || key === 'atom:title') return this.begin(key, this.modeOf(key, attrs), attrs);
    if (['link', 'language', 'dc:language', 'ttl'].includes(key))
      return this.begin(key, 'text', attrs, MAX_SMALL);
  }

  private startEntryField(ns: string, local: string, attrs: Record<string, string>): void {
    const key = ns ? `${ns}:${local}` : local;
    if (key === 'atom:link') {
      this.entry!.links.push(linkOf(attrs));
      this.skip();
      return;
    }
    if (key === 'guid') this.entry!.guidPermalink = attrs.isPermaLink?.trim().toLowerCase() !== 'false';
    if (TEXT_FIELDS.has(key)) return this.begin(key, this.modeOf(key, attrs), attrs);
    if (SMALL_FIELDS.has(key)) return this.begin(key, 'text', attrs, MAX_SMALL);
  }

  /** How a text element is read, by the rules of its format. */
  private modeOf(key: string, attrs: Record<string, string>): Mode {
    if (key.startsWith('atom:')) {
      if (key === 'atom:content' && attrs.src) return 'skip';
      return atomMode(attrs);
    }
    if (key === 'title' || key === 'dc:title') return 'rss-title';
    // xhtml:body holds XHTML elements, its text is plain.
    if (key === 'xhtml:body') return 'text';
    // RSS description, content:encoded and dc:description: entity-encoded HTML.
    return 'html';
  }

  private begin(field: string, mode: Mode, attrs: Record<string, string>, limit = MAX_TEXT): void {
    this.capture = {
      field,
      mode,
      limit,
      open: [],
      children: false,
      text: '',
      markup: '',
      pending: '',
      attrs,
    };
  }

  private skip(): void {
    this.capture = {
      field: '',
      mode: 'skip',
      limit: 0,
      open: [],
      children: false,
      text: '',
      markup: '',
      pending: '',
      attrs: {},
    };
  }

  /** Decodes the raw text gathered since the last tag. */
  private flushText(): void {
    const capture = this.capture!;
    if (!capture.pending) return;
    const raw = capture.pending;
    capture.pending = '';
    this.addText(decodeHTMLStrict(raw));
  }

  private addText(text: string): void {
    const capture = this.capture!;
    capture.text += text;
    capture.markup += capture.mode === 'text' ? escapeHtml(text) : text;
  }

  private finishField(capture: Capture): void {
    this.capture = capture;
    this.flushText();
    this.capture = undefined;
    const construct: TextConstruct = capture.children
      ? { type: 'html', value: capture.markup }
      : {
          type:
            capture.mode === 'html' || (capture.mode === 'rss-title' && looksLikeHtml(capture.text))
              ? 'html'
              : 'text',
          value: capture.text,
        };
    const fields = this.entry ? this.entry.fields : this.feedFields;
    // The first of a repeated element counts, as in other readers.
    if (!fields.has(capture.field)) fields.set(capture.field, construct);
  }

  private finishEntry(): void {
    const draft = this.entry!;
    this.entry = undefined;
    this.entryDepth = -1;
    const entry = this.format === 'atom' ? atomEntry(draft, this.feedBases) : rssEntry(draft, this.feedBases);
    const iso = parseFeedDate(entry.date);
    this.entries.add(entry, iso ? Date.parse(iso) : undefined);
  }

  result(): RawFeed {
    if (!this.root) {
      const hint = this.htmlDoctype ? 'got an HTML page' : 'there is no XML element in it';
      throw new Error(hint);
    }
    if (!this.format) {
      if (/^html$/i.test(localName(this.root.name)) || this.htmlDoctype) throw new Error('got an HTML page');
      throw new Error(`the root element <${this.root.name}> is not <rss>, <rdf:RDF> or <feed>`);
    }
    if (!this.root.closed) throw new Error('the document is cut short: its root element never closes');
    const f = this.feedFields;
    const text = (key: string) => f.get(key)?.value.trim() || undefined;
    const alternate = pickAlternate(this.feedLinks.filter((l) => l.rel !== 'self'));
    const self = this.feedLinks.find((l) => l.rel === 'self');
    return {
      format: this.format,
      title: nonEmpty(f.get('title')) ?? nonEmpty(f.get('atom:title')),
      link: text('link') ?? alternate?.href,
      selfLink: self?.href,
      bases: this.feedBases,
      lang: this.feedLang ?? text('language') ?? text('dc:language'),
      ttlMinutes: positiveNumber(text('ttl')),
      entries: this.entries.items(),
      itemsInFeed: this.entries.count,
    };
  }
}

function formatOf(root: Frame): RawFeed['format'] | undefined {
  if (root.local === 'rss') return 'rss';
  if (root.local === 'RDF' || root.local === 'rdf') return 'rdf';
  if (root.local === 'feed' || root.local === 'entry') return 'atom';
  return undefined;
}

// How far down an end tag looks for the element it names: a stray end tag costs a few steps,
// never the depth of the document.
const END_TAG_REACH = 8;

function lastIndexNear(names: string[], name: string): number {
  for (let i = names.length - 1; i >= 0 && i >= names.length - END_TAG_REACH; i--)
    if (names[i] === name) return i;
  return -1;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
}

function rootPrefix(name: string | undefined): string {
  const colon = name?.indexOf(':') ?? -1;
  return colon > 0 ? name!.slice(0, colon) : '';
}

function positiveNumber(value: string | undefined): number | undefined {
  const n = Number(value);
  return value && Number.isFinite(n) && n > 0 ? n : undefined;
}
