// A first, cheap look at one `---` chunk of a manifest file, before any YAML parsing: its
// top-level `kind`, and the lines that hold apiVersion, kind and metadata. For kinds no rule
// reads beyond their metadata (CRDs with 100 kB schemas, RBAC, Secrets…) only those lines are
// parsed; the body is never read.
//
// Why a line scan is enough: a key at column 0 can only be a key of the document's top-level
// block mapping (block scalars, multi-line scalars and nested collections are indented, and a
// flow collection is `{` or `[` at the start). Anything unusual (a key twice, a kind that is
// not a plain name, no metadata line) returns undefined and the caller parses the whole chunk.

const topLevelKey = /^(apiVersion|kind|metadata)[ \t]*:/gm;
const kindValue = /^[ \t]*(["']?)([A-Za-z][A-Za-z0-9]*)\1[ \t]*(?:#.*)?\r?$/;

export interface DocumentHead {
  kind: string;
  /** The apiVersion, kind and metadata lines only: a small YAML document of their own. */
  text: string;
}

function lineEnd(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end === -1 ? text.length : end;
}

/** The chunk's top-level kind and head, when it can be read from its lines alone. */
export function documentHead(text: string): DocumentHead | undefined {
  const found = new Map<string, number>();
  for (const match of text.matchAll(topLevelKey)) {
    if (found.has(match[1])) return undefined; // a duplicate key: let the parser report it
    found.set(match[1], match.index);
  }
  const apiVersionAt = found.get('apiVersion');
  const kindAt = found.get('kind');
  const metadataAt = found.get('metadata');
  if (apiVersionAt === undefined || kindAt === undefined || metadataAt === undefined) return undefined;
  const kindLine = text.slice(kindAt, lineEnd(text, kindAt));
  const kind = kindValue.exec(kindLine.slice(kindLine.indexOf(':') + 1))?.[2];
  if (!kind) return undefined;
  // metadata's block runs to the next line that starts at column 0 with content.
  const next = /\n(?=[^ \t\r\n#])/g;
  next.lastIndex = lineEnd(text, metadataAt);
  const metadataEnd = next.exec(text)?.index ?? text.length;
  return {
    kind,
    text: `${text.slice(apiVersionAt, lineEnd(text, apiVersionAt))}\n${kindLine}\n${text.slice(metadataAt, metadataEnd)}\n`,
  };
}

/** Just the kind (the head's cheap part), for deciding whether the head is worth building. */
export function topLevelKind(text: string): string | undefined {
  const match = /^kind[ \t]*:(.*)$/m.exec(text);
  return match ? kindValue.exec(match[1])?.[2] : undefined;
}
