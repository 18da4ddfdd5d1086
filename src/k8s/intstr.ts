// IntOrString fields (maxSurge, maxUnavailable, minAvailable) resolved the way controllers do.

export type IntOrString = number | string;

export interface ParsedIntOrString {
  kind: 'int' | 'percent';
  value: number;
}

export function parseIntOrString(value: IntOrString | undefined): ParsedIntOrString | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return Number.isInteger(value) ? { kind: 'int', value } : undefined;
  const percent = /^(-?\d+)%$/.exec(value.trim());
  if (percent) return { kind: 'percent', value: Number(percent[1]) };
  if (/^-?\d+$/.test(value.trim())) return { kind: 'int', value: Number(value) };
  return undefined;
}

/** Scales a value against `total`, rounding up or down (intstr.GetScaledValueFromIntOrPercent). */
export function scaled(value: ParsedIntOrString, total: number, roundUp: boolean): number {
  if (value.kind === 'int') return value.value;
  const exact = (value.value * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

export function isZero(value: ParsedIntOrString): boolean {
  return value.value === 0;
}

export function formatIntOrString(value: IntOrString): string {
  return typeof value === 'number' ? String(value) : value;
}
