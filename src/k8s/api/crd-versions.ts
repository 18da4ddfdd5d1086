// The API versions the CustomResourceDefinitions in a repository add to a cluster: what Helm's
// `.Capabilities.APIVersions` lists once they are installed (each served group/version and its
// group/version/Kind). CRDs are often chart templates (cert-manager's `{{- if .Values.crds.enabled }}`),
// which are not YAML, so the few fields needed are read line by line, by indentation, and template
// lines are skipped; a value that is itself a template expression is not known and left out.

export interface CrdFile {
  path: string;
  content: string;
}

interface Line {
  indent: number;
  text: string;
}

const scalar = (text: string | undefined): string | undefined => {
  const value = text?.replace(/\s+#.*$/, '').trim().replace(/^(["'])(.*)\1$/, '$2');
  return value && !value.includes('{{') && /^[A-Za-z0-9./-]+$/.test(value) ? value : undefined;
};

/**
 * The lines of a key's value: those after `from` indented deeper than the key, and a sequence at
 * the key's own indent ("versions:\n- name: v1" is valid YAML).
 */
function block(lines: readonly Line[], from: number, keyIndent: number): Line[] {
  const out: Line[] = [];
  for (const line of lines.slice(from)) {
    if (line.indent < keyIndent || (line.indent === keyIndent && !line.text.startsWith('- '))) break;
    out.push(line);
  }
  return out;
}

/** Keys directly inside a mapping block (its shallowest indent), with their line index in the block. */
function keysOf(lines: readonly Line[]): Map<string, { index: number; value: string }> {
  const keys = new Map<string, { index: number; value: string }>();
  const indent = Math.min(...lines.map((l) => l.indent));
  lines.forEach((line, index) => {
    if (line.indent !== indent) return;
    const match = /^([A-Za-z]+):(?:\s+(.*))?$/.exec(line.text);
    if (match && !keys.has(match[1] as string)) keys.set(match[1] as string, { index, value: match[2] ?? '' });
  });
  return keys;
}

/** Each item of a sequence block: its keys and values at the item's own indent. */
function sequenceItems(lines: readonly Line[]): Map<string, string>[] {
  const items: Map<string, string>[] = [];
  const dashIndent = lines.find((l) => l.text.startsWith('- '))?.indent;
  if (dashIndent === undefined) return items;
  let current: Map<string, string> | undefined;
  let keyIndent = dashIndent + 2;
  for (const line of lines) {
    let text = line.text;
    let indent = line.indent;
    if (indent === dashIndent && text.startsWith('- ')) {
      current = new Map();
      items.push(current);
      const rest = text.slice(2);
      indent += 2 + (rest.length - rest.trimStart().length);
      keyIndent = indent;
      text = rest.trimStart();
    }
    if (!current || indent !== keyIndent) continue;
    const match = /^([A-Za-z]+):(?:\s+(.*))?$/.exec(text);
    if (match && !current.has(match[1] as string)) current.set(match[1] as string, match[2] ?? '');
  }
  return items;
}

/** group/version and group/version/Kind for each served version of one CRD document. */
function crdDocument(text: string): string[] {
  const lines: Line[] = [];
  for (const raw of text.split('\n')) {
    const indent = raw.length - raw.trimStart().length;
    // The fields read sit near the top (spec.group at 2, a version's name at 4–10); the schemas
    // below them are most of the text and never end a block early, so they are not kept.
    if (indent > 12) continue;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#') || (trimmed.startsWith('{{') && trimmed.endsWith('}}'))) continue;
    lines.push({ indent, text: trimmed });
  }
  const top = keysOf(lines.filter((l) => l.indent === 0));
  if (scalar(top.get('kind')?.value) !== 'CustomResourceDefinition') return [];
  if (!/^apiextensions\.k8s\.io\//.test(scalar(top.get('apiVersion')?.value) ?? '')) return [];
  const specAt = lines.findIndex((l) => l.indent === 0 && /^spec:\s*$/.test(l.text));
  if (specAt < 0) return [];
  const spec = block(lines, specAt + 1, 0);
  if (spec.length === 0) return [];
  const keys = keysOf(spec);
  const group = scalar(keys.get('group')?.value);
  const namesAt = keys.get('names');
  const names = namesAt ? block(spec, namesAt.index + 1, spec[namesAt.index]!.indent) : [];
  const kind = names.length > 0 ? scalar(keysOf(names).get('kind')?.value) : undefined;
  if (!group || !kind) return [];
  const versions: string[] = [];
  const versionsAt = keys.get('versions');
  if (versionsAt) {
    for (const item of sequenceItems(block(spec, versionsAt.index + 1, spec[versionsAt.index]!.indent))) {
      const name = scalar(item.get('name'));
      if (name && scalar(item.get('served')) !== 'false') versions.push(name);
    }
  }
  // apiextensions.k8s.io/v1beta1 CRDs could name a single `version`.
  const single = scalar(keys.get('version')?.value);
  if (single && !versions.includes(single)) versions.push(single);
  return versions.flatMap((version) => [`${group}/${version}`, `${group}/${version}/${kind}`]);
}

/** The API versions every CRD in `files` serves, sorted and without repeats. */
export function crdApiVersions(files: readonly CrdFile[]): string[] {
  const out = new Set<string>();
  for (const file of files) {
    if (!file.content.includes('CustomResourceDefinition')) continue;
    for (const document of file.content.split(/^---[ \t]*(?:#.*)?$/m)) {
      if (document.includes('CustomResourceDefinition')) for (const entry of crdDocument(document)) out.add(entry);
    }
  }
  return [...out].sort();
}
