import { createRequire as __tgCreateRequire } from 'node:module';
const require = __tgCreateRequire(import.meta.url);

// src/analysis/config-path.ts
var defaultConfigPath = ".github/termination-guard.yml";

export {
  defaultConfigPath
};
