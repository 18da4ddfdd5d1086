import { createRequire as __tgCreateRequire } from 'node:module';
const require = __tgCreateRequire(import.meta.url);
import {
  parseConfig
} from "./chunk-6ZX7BPBK.js";
import {
  ConfinedFs,
  decodeText
} from "./chunk-UPBOSQEA.js";
import {
  defaultConfigPath
} from "./chunk-RF4X2UR6.js";

// src/pipeline/settings.ts
var ConfigFileError = class extends Error {
};
function loadConfig(root, file, overrides) {
  const confined = new ConfinedFs(root);
  const atDefault = confined.locate(defaultConfigPath);
  const chosen = file ?? (atDefault.ok || atDefault.reason !== "not found" ? defaultConfigPath : void 0);
  let text = "";
  if (chosen !== void 0) {
    const read = confined.read(chosen);
    if (!read.ok) throw new ConfigFileError(read.reason === "not found" ? `config file not found: ${chosen}` : `config file ${chosen} not read: ${read.reason}`);
    const decoded = decodeText(read.content);
    if (!decoded.ok) throw new ConfigFileError(`config file ${chosen} is not text (${decoded.reason})`);
    text = decoded.text;
  }
  const parsed = parseConfig(text, chosen ?? defaultConfigPath);
  const config = parsed.config;
  return {
    config: {
      ...config,
      ...overrides.kubernetesVersion ? { kubernetesVersion: overrides.kubernetesVersion } : {},
      ...overrides.failOn ? { failOn: overrides.failOn } : {},
      inspectImages: Boolean(overrides.inspectImages) || config.inspectImages,
      drill: { ...config.drill, ...overrides.drill },
      smoke: { ...config.smoke, ...overrides.smoke }
    },
    errors: parsed.errors
  };
}
function policyOf(config) {
  return { failOn: config.failOn, drillFailOn: config.drill.failOn, smokeFailOn: config.smoke.failOn, failOnInputErrors: config.failOnInputErrors ?? true };
}
function withProgress(render, adapters) {
  const { log } = adapters;
  return log.progress ? { ...render, progress: (message) => log.progress?.(message) } : render;
}

export {
  ConfigFileError,
  loadConfig,
  policyOf,
  withProgress
};
