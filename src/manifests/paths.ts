// Repository-relative path scopes ("deploy", "./charts/", "." for everything).

/** `./deploy/` → `deploy`; `.` and `./` → `` (the whole tree). */
export function normalizeScope(scope: string): string {
  return scope.replace(/^\.\/?/, '').replace(/\/$/, '');
}

/** Is `path` the scope itself or below it, for any of the scopes? */
export function isUnder(path: string, scopes: readonly string[]): boolean {
  return scopes.some((scope) => {
    const dir = normalizeScope(scope);
    return dir === '' || path === dir || path.startsWith(`${dir}/`);
  });
}
