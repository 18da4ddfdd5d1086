// Types of build-k8s.mjs, for the TypeScript cluster script.
export const kubernetesVersion: string;
export const components: string[];
export function kubernetesBinDir(version?: string): string;
export function stagingModules(goMod: string): string[];
export function buildKubernetes(options?: { version?: string; log?: (line: string) => void }): { binDir: string; built: string[]; seconds: number };
