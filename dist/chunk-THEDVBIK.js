import { createRequire as __tgCreateRequire } from 'node:module';
const require = __tgCreateRequire(import.meta.url);

// src/drill/runtime.ts
var RuntimeUnavailable = class extends Error {
};

export {
  RuntimeUnavailable
};
