/** The services `npm start` runs, in start order (consumers before producers is not needed: Kafka keeps events). */
export interface ServiceSpec {
  readonly name: string;
  readonly port: number;
  readonly env?: Record<string, string>;
}

export const SERVICES: readonly ServiceSpec[] = [
  { name: 'ledger', port: 3005 },
  { name: 'pool-allocation', port: 3003 },
  { name: 'settlement', port: 3004 },
  { name: 'loan-registry', port: 3001 },
  { name: 'default-events', port: 3002 },
  { name: 'subsidy', port: 3006 },
  { name: 'gateway', port: 3000 },
];

export function servicePort(name: string): number {
  const spec = SERVICES.find((s) => s.name === name);
  if (spec === undefined) throw new Error(`unknown service ${name}`);
  return spec.port;
}
