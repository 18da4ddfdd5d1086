// The config's `ignorePaths`: glob patterns over repository-relative paths, matched by picomatch.
// The dialect (docs/config-globs.md): `*` and `?` stay within one path segment, `**` spans
// segments, `{a,b}` braces, `[ab]` classes, dotfiles match like any other name, a pattern without
// wildcards names a file or a whole directory, and a leading `!` re-includes what an earlier
// entry ignored (the last matching entry decides, as in .gitignore).
import picomatch from 'picomatch';

/** An entry that cannot mean what its author wants; the config reports it with its line. */
export interface PatternProblem {
  pattern: string;
  message: string;
}

export interface PathsFilter {
  /** True when the last entry matching `path` ignores it (a negated entry re-includes it). */
  ignores(path: string): boolean;
  /** Entries left out of matching, and why. */
  problems: PatternProblem[];
}

interface CompiledEntry {
  negated: boolean;
  matches: (path: string) => boolean;
}

const options: picomatch.PicomatchOptions = {
  // Dotfiles and dot-directories (.github/, .helm/) are paths like any other.
  dot: true,
  // A backslash escapes the next character; paths always use `/`.
  windows: false,
  // `@(a|b)`-style extglobs are not part of the dialect: their characters are literal.
  noextglob: true,
};

/** Strips the `./` a user may write (or a reader may produce) before a repository-relative path. */
export function normalizePath(path: string): string {
  return path.replace(/^(?:\.\/)+/, '');
}

/** Why `pattern` (without its leading `!`) cannot be used, or undefined when it can. */
function problemOf(pattern: string): string | undefined {
  if (pattern === '') return 'is empty';
  if (pattern.startsWith('/')) return 'is absolute; paths are relative to the repository root (drop the leading /)';
  const segments = pattern.split('/');
  if (segments.includes('..')) return 'leaves the repository (..); paths are relative to the repository root';
  if (segments.some((segment) => segment === '' || segment === '.')) return 'has an empty or "." segment, which no path has';
  const unbalanced = unbalancedBracket(pattern);
  if (unbalanced) return `has an unmatched "${unbalanced}" (escape it as \\${unbalanced} to mean the character)`;
  let regex: RegExp;
  try {
    regex = picomatch.makeRe(pattern, options);
  } catch (error) {
    return `is not a valid glob: ${(error as Error).message}`;
  }
  // picomatch turns a class it cannot build (a reversed range such as [z-a]) into "match nothing".
  if (regex.source === '$^') return 'can never match (check its [ ] class)';
  return undefined;
}

/** The first `[`, `]`, `{` or `}` without its partner, ignoring escaped characters. */
function unbalancedBracket(pattern: string): string | undefined {
  const stack: string[] = [];
  const partner: Record<string, string> = { ']': '[', '}': '{' };
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '\\') {
      i++;
      continue;
    }
    // Inside a class, everything up to its `]` is a member (so `[{]` is a class of one brace).
    if (stack[stack.length - 1] === '[' && char !== ']') continue;
    if (char === '[' || char === '{') stack.push(char);
    else if (char === ']' || char === '}') {
      if (stack.pop() !== partner[char]) return char;
    }
  }
  return stack[0];
}

/** `[!…]` as the shells write a negated class; picomatch only reads `[^…]`. */
function shellClassNegation(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] === '\\') {
      out += pattern.slice(i, i + 2);
      i++;
    } else if (pattern[i] === '[' && pattern[i + 1] === '!') {
      out += '[^';
      i++;
    } else out += pattern[i];
  }
  return out;
}

function compileEntry(entry: string): CompiledEntry | PatternProblem {
  // The leading `!` is ours (re-include); picomatch never sees it.
  const negated = entry.startsWith('!');
  const body = negated ? entry.slice(1) : entry;
  const pattern = shellClassNegation(normalizePath(body).replace(/\/+$/, ''));
  const problem = pattern.startsWith('!') ? 'has a second leading "!" (escape a literal ! as \\!)' : problemOf(pattern);
  if (problem) return { pattern: entry, message: `ignorePaths entry "${entry}" ${problem}` };
  const scan = picomatch.scan(pattern, options);
  // A plain path (no wildcard, brace or class) names a file or a directory with everything below it;
  // a trailing `/` asks for the directory only.
  const globs = scan.isGlob ? [pattern] : body.endsWith('/') ? [`${pattern}/**`] : [pattern, `${pattern}/**`];
  return { negated, matches: picomatch(globs, options) };
}

function compile(patterns: readonly string[]): PathsFilter {
  const entries: CompiledEntry[] = [];
  const problems: PatternProblem[] = [];
  for (const pattern of patterns) {
    const compiled = compileEntry(pattern);
    if ('message' in compiled) problems.push(compiled);
    else if (compiled.negated && !entries.some((entry) => !entry.negated)) {
      problems.push({ pattern, message: `ignorePaths entry "${pattern}" re-includes paths, but no entry before it ignores any (put it after the entry it makes an exception to)` });
    } else entries.push(compiled);
  }
  return {
    problems,
    ignores(path) {
      const normalized = normalizePath(path);
      for (let i = entries.length - 1; i >= 0; i--) {
        if (entries[i].matches(normalized)) return !entries[i].negated;
      }
      return false;
    },
  };
}

// Keyed by the config's own list, so base and head analyses with one config compile it once.
const compiled = new WeakMap<readonly string[], PathsFilter>();

/** The compiled filter for a config's `ignorePaths` (compiled once per list). */
export function pathsFilter(patterns: readonly string[]): PathsFilter {
  let filter = compiled.get(patterns);
  if (!filter) {
    filter = compile(patterns);
    compiled.set(patterns, filter);
  }
  return filter;
}

/** Convenience for one-off checks; the engine holds its filter instead. */
export function isIgnoredPath(path: string, patterns: readonly string[]): boolean {
  return pathsFilter(patterns).ignores(path);
}
