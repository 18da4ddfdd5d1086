// YAML read the way Kubernetes reads it, with one set of options for every reader in the project
// (manifests, the config file, Chart.yaml, kustomization.yaml, skaffold.yaml, annotations).
//
// Kubernetes reads manifests with sigs.k8s.io/yaml: no Date objects (timestamps stay strings),
// merge keys allowed, duplicate keys rejected. The `yaml` package's YAML 1.2 core schema plus
// `merge` matches that; `uniqueKeys` is on by default.
import { type DocumentOptions, type ParseOptions, parseAllDocuments, type SchemaOptions, type ToJSOptions } from 'yaml';

export const yamlOptions: ParseOptions & DocumentOptions & SchemaOptions = {
  schema: 'core',
  merge: true,
  // Errors carry offsets; callers turn them into file lines. No source excerpts in messages.
  prettyErrors: false,
  // A pure module does not log: problems are returned (errors) or ignored (warnings).
  logLevel: 'silent',
};

/** toJS options: aliases that would expand past this many references are refused (YAML bombs). */
export const toJsOptions = (maxAliasCount = 10_000): ToJSOptions => ({ maxAliasCount });

/** A YAML error with the 0-based offset of the problem in the text that was read. */
export class YamlTextError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    /** The `yaml` package's error code (DUPLICATE_KEY, BAD_INDENT…), or ALIAS_LIMIT. */
    readonly code = 'YAML',
  ) {
    super(message);
  }
}

/** The first error of a parse (the `yaml` package's errors carry `pos: [start, end]` and a code). */
export function firstYamlError(errors: readonly { code: string; message: string; pos: [number, number] }[], text: string): YamlTextError | undefined {
  const [first] = errors;
  if (!first) return undefined;
  const offset = first.pos[0];
  if (first.code === 'DUPLICATE_KEY') {
    // "Map keys must be unique" does not say which key; the API server's message does.
    const key = /^[^:\n]*/.exec(text.slice(offset, offset + 200))?.[0].trim();
    return new YamlTextError(`duplicate key${key ? ` ${key}` : ''} (map keys must be unique)`, offset, first.code);
  }
  if (first.code === 'MISSING_CHAR' && /quote/.test(first.message)) {
    // The parser notices a missing closing quote where the document ends: point at the opening one.
    const opening = openingQuote(text, first.message.includes('"') ? '"' : "'", offset);
    if (opening !== undefined) return new YamlTextError(`${first.message} (the quoted scalar opened here is never closed)`, opening, first.code);
  }
  return new YamlTextError(first.message, offset, first.code);
}

/**
 * Where an unclosed quoted scalar opens: the last quote before `end` that nothing closes. Inside
 * double quotes a backslash escapes; inside single quotes a doubled quote is an escape.
 */
function openingQuote(text: string, quote: '"' | "'", end: number): number | undefined {
  let i = Math.min(end, text.length) - 1;
  while (i >= 0) {
    if (text[i] !== quote) {
      i--;
      continue;
    }
    if (quote === '"') {
      let slashes = 0;
      while (i - 1 - slashes >= 0 && text[i - 1 - slashes] === '\\') slashes++;
      if (slashes % 2 === 0) return i;
      i -= slashes + 1;
    } else {
      let run = 1;
      while (i - run >= 0 && text[i - run] === "'") run++;
      if (run % 2 === 1) return i - run + 1;
      i -= run;
    }
  }
  return undefined;
}

/** A failed toJS: an alias bomb (past maxAliasCount) or an alias without its anchor. */
export function aliasError(cause: unknown, offset: number): YamlTextError {
  const message = (cause as Error).message;
  return new YamlTextError(message, offset, /Excessive alias count/.test(message) ? 'ALIAS_LIMIT' : 'ALIAS');
}

/** One document's plain value; throws YamlTextError on invalid YAML. Empty text reads as undefined. */
export function readYaml(text: string): unknown {
  const documents = readYamlAll(text);
  if (documents.length > 1) throw new YamlTextError('expected one YAML document, found several', 0);
  return documents[0];
}

/** Every document's plain value; throws YamlTextError on the first invalid one. */
export function readYamlAll(text: string): unknown[] {
  const values: unknown[] = [];
  for (const document of parseAllDocuments(text, yamlOptions)) {
    const error = firstYamlError(document.errors, text);
    if (error) throw error;
    try {
      values.push(document.toJS(toJsOptions()));
    } catch (cause) {
      throw aliasError(cause, document.contents?.range[0] ?? 0);
    }
  }
  return values;
}

/** Like readYaml, but undefined instead of an error (for optional, best-effort reads). */
export function readYamlOrUndefined(text: string): unknown {
  try {
    return readYaml(text);
  } catch (error) {
    if (error instanceof YamlTextError) return undefined;
    throw error;
  }
}
