// Types of setup-tools.mjs, for the TypeScript scripts and tests that import it.
export const cacheDir: string;
export function node24Path(): string;
export function ensureNode24(): string | undefined;
export const goTools: Record<string, { module: string; version: string; env: string }>;
export function ensureGoTool(name: string): string | undefined;
export const debianTools: Record<string, { package: string; binary: string; env?: string; usedBy: string; installed?: () => boolean }>;
export function ensureDebianTool(name: string): string | undefined;
