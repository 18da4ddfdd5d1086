import { createRequire as __tgCreateRequire } from 'node:module';
const require = __tgCreateRequire(import.meta.url);

// src/version.ts
var toolVersion = "0.1.0";

export {
  toolVersion
};
