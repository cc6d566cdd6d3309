/**
 * What a service refuses to start with. Production is the default mode: demo and test are explicit.
 * Every secret must be set and long enough in every mode; in production a known demo value, the
 * simulated payment rail or a ledger signing key not supplied from outside is refused too. All the
 * problems are named at once, so an operator fixes them in one round.
 */

/** Secrets that were ever published in this repository (old defaults, docs). Never valid in production. */
export const KNOWN_DEMO_SECRETS: ReadonlySet<string> = new Set([
  'riskpool-dev-gateway-secret-change-me',
  'rpk_admin_riskpool-demo-admin-secret-change-me',
  'riskpool-demo-api-key-pepper-change-me',
]);

/** Looks like a placeholder or a demo value rather than a generated secret. */
const DEMO_LOOKING = /change-?me|^demo[-_]|^example|^secret$|^password$/i;

export const SECRET_LENGTH_MIN = 16;

/** The problems with one secret setting; empty when it is fit for the mode. */
export function secretProblems(
  name: string,
  value: string | undefined,
  production: boolean,
): string[] {
  if (value === undefined || value.trim() === '') return [`${name} is not set`];
  const problems: string[] = [];
  if (value.length < SECRET_LENGTH_MIN)
    problems.push(`${name} is shorter than ${SECRET_LENGTH_MIN} characters`);
  if (production && (KNOWN_DEMO_SECRETS.has(value) || DEMO_LOOKING.test(value)))
    problems.push(`${name} is a known demo value (not allowed when RISKPOOL_MODE=production)`);
  return problems;
}

/** A service config with checks across settings (secrets, rails, keys), run at start. */
export interface StartChecked {
  startProblems(): string[];
}

export function hasStartChecks(config: object): config is StartChecked {
  return typeof (config as Partial<StartChecked>).startProblems === 'function';
}
