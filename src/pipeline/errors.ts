// The environment and usage errors a run can end with, for the shells to tell from internal errors.
export { PathNotFoundError } from '../sources/files.js';
export { GitError } from '../sources/git.js';

/** The paths hold nothing to analyse: a mistyped path must not pass as "0 files, gate PASS". */
export class NothingToAnalyse extends Error {}
