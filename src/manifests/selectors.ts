// Label selectors as the API server evaluates them (metav1.LabelSelector and Service maps).
import { asArray, asRecord, asString, asStringMap } from './objects.js';

export interface LabelSelector {
  matchLabels: Record<string, string>;
  matchExpressions: { key: string; operator: string; values: string[] }[];
}

export function parseLabelSelector(value: unknown): LabelSelector | undefined {
  const record = asRecord(value);
  if (!record) return undefined;
  return {
    matchLabels: asStringMap(record.matchLabels),
    matchExpressions: asArray(record.matchExpressions).flatMap((item) => {
      const expression = asRecord(item);
      const key = asString(expression?.key);
      const operator = asString(expression?.operator);
      if (!key || !operator) return [];
      return [{ key, operator, values: asArray(expression?.values).map(String) }];
    }),
  };
}

export function isEmptySelector(selector: LabelSelector): boolean {
  return Object.keys(selector.matchLabels).length === 0 && selector.matchExpressions.length === 0;
}

/** policy/v1 semantics: an empty selector matches every pod in the namespace. */
export function selectorMatches(selector: LabelSelector, labels: Record<string, string>): boolean {
  for (const [key, value] of Object.entries(selector.matchLabels)) {
    if (labels[key] !== value) return false;
  }
  for (const { key, operator, values } of selector.matchExpressions) {
    const has = Object.hasOwn(labels, key);
    switch (operator) {
      case 'In':
        if (!has || !values.includes(labels[key])) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** A Service's plain map selector; a Service without one selects nothing. */
export function serviceSelectorMatches(selector: Record<string, string>, labels: Record<string, string>): boolean {
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([key, value]) => labels[key] === value);
}

export function formatSelector(input: LabelSelector | Record<string, string>): string {
  if (!isLabelSelector(input)) {
    return Object.entries(input)
      .map(([key, value]) => `${key}=${value}`)
      .join(',');
  }
  const selector = input;
  const parts = Object.entries(selector.matchLabels).map(([key, value]) => `${key}=${value}`);
  for (const { key, operator, values } of selector.matchExpressions) {
    if (operator === 'In') parts.push(`${key} in (${values.join(',')})`);
    else if (operator === 'NotIn') parts.push(`${key} notin (${values.join(',')})`);
    else if (operator === 'Exists') parts.push(key);
    else if (operator === 'DoesNotExist') parts.push(`!${key}`);
  }
  return parts.join(',');
}

function isLabelSelector(value: LabelSelector | Record<string, string>): value is LabelSelector {
  return typeof value.matchLabels === 'object' && Array.isArray(value.matchExpressions);
}
