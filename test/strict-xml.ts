// A strict little XML reader for tests: throws on anything not well-formed (unclosed or crossed
// tags, a bare & or <, unknown entities, text after the root), so the attachment is checked, not
// just searched. Handles what Parley writes: declaration, elements, attributes, text, entities.
export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const NAME = /^[A-Za-z_][\w.-]*/;

function decode(s: string, at: number): string {
  if (s.includes('<')) throw new Error(`bare < near ${at}`);
  return s.replace(/&([^;\s]*);?/g, (m, e: string) => {
    if (!m.endsWith(';')) throw new Error(`bare & near ${at}`);
    if (e in ENTITIES) return ENTITIES[e];
    if (/^#\d+$/.test(e)) return String.fromCodePoint(Number(e.slice(1)));
    if (/^#x[0-9a-f]+$/i.test(e)) return String.fromCodePoint(Number.parseInt(e.slice(2), 16));
    throw new Error(`unknown entity &${e}; near ${at}`);
  });
}

export function parseXml(xml: string): XmlNode {
  let i = 0;
  if (xml.startsWith('<?xml')) {
    i = xml.indexOf('?>') + 2;
    if (i < 2) throw new Error('unterminated declaration');
  }
  const skipSpace = () => {
    while (i < xml.length && /\s/.test(xml[i])) i++;
  };
  function element(): XmlNode {
    if (xml[i] !== '<') throw new Error(`expected < at ${i}`);
    i++;
    const name = NAME.exec(xml.slice(i))?.[0];
    if (!name) throw new Error(`bad tag name at ${i}`);
    i += name.length;
    const node: XmlNode = { name, attrs: {}, children: [], text: '' };
    for (;;) {
      skipSpace();
      if (xml.startsWith('/>', i)) {
        i += 2;
        return node;
      }
      if (xml[i] === '>') {
        i++;
        break;
      }
      const attr = NAME.exec(xml.slice(i))?.[0];
      if (!attr) throw new Error(`bad attribute at ${i}`);
      i += attr.length;
      if (xml[i] !== '=' || xml[i + 1] !== '"') throw new Error(`attribute ${attr} without ="…" at ${i}`);
      const end = xml.indexOf('"', i + 2);
      if (end < 0) throw new Error('unterminated attribute');
      if (attr in node.attrs) throw new Error(`duplicate attribute ${attr}`);
      node.attrs[attr] = decode(xml.slice(i + 2, end), i);
      i = end + 1;
    }
    for (;;) {
      const lt = xml.indexOf('<', i);
      if (lt < 0) throw new Error(`<${name}> not closed`);
      node.text += decode(xml.slice(i, lt), i);
      i = lt;
      if (xml.startsWith('</', i)) {
        const close = `</${name}>`;
        if (!xml.startsWith(close, i)) throw new Error(`expected ${close} at ${i}`);
        i += close.length;
        return node;
      }
      node.children.push(element());
    }
  }
  skipSpace();
  const root = element();
  skipSpace();
  if (i !== xml.length) throw new Error(`content after the root element at ${i}`);
  return root;
}

/** The first / every node at a path of child names below `node` ("contact/customFields/field"). */
export function findAll(node: XmlNode, path: string): XmlNode[] {
  let level = [node];
  for (const part of path.split('/')) level = level.flatMap((n) => n.children.filter((c) => c.name === part));
  return level;
}
export const find = (node: XmlNode, path: string): XmlNode | undefined => findAll(node, path)[0];
