import { createRequire as __tgCreateRequire } from 'node:module';
const require = __tgCreateRequire(import.meta.url);
import {
  atLeast,
  defaultKubernetesVersion,
  features,
  formatKubeVersion,
  knownMinors,
  kubeVersionProblem,
  parseKubeVersion
} from "./chunk-MPLI4E57.js";
import "./chunk-6CTQYBGU.js";
export {
  atLeast,
  defaultKubernetesVersion,
  features,
  formatKubeVersion,
  knownMinors,
  kubeVersionProblem,
  parseKubeVersion
};
