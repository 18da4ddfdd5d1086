// The environment errors a run can end with, for the shells to tell from internal errors.
export { PathNotFoundError } from '../sources/files.js';
export { GitError } from '../sources/git.js';
