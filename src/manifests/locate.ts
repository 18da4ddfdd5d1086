import type { Location, ObjectPath, ObjectSource } from './objects.js';
import { mapRange } from './origin.js';
import { lineOf, resolveOffsets } from './yaml-positions.js';

/**
 * File and line range of `path` inside an object. A path that does not exist (a missing
 * field) resolves to its nearest existing ancestor — never to line 1 of the file.
 */
export function locate(source: ObjectSource, path: ObjectPath): Location & { exact: boolean; resolvedDepth: number } {
  const { start, end, exact, depth } = resolveOffsets(source.positions(), [...source.basePath, ...path]);
  const line = lineOf(source.lineStarts, source.offset + start);
  const endLine = lineOf(source.lineStarts, source.offset + end);
  const where = source.origin ? mapRange(source.origin, line, endLine) : { file: source.file, line, endLine };
  return {
    ...where,
    exact,
    // How many segments of `path` exist (the rest is what a fix must add).
    resolvedDepth: Math.max(0, depth - source.basePath.length),
  };
}
