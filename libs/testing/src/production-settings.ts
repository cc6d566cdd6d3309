// What the services' configuration specs give a service started in production: keys of the right
// kind, and the service's own Kafka principal with a password production accepts (ADR 0011).
import { generateKeyPairSync } from 'node:crypto';

/** A fresh Ed25519 key in PEM: its public half (SPKI) or its private half (PKCS #8). */
export function ed25519Pem(half: 'public' | 'private'): string {
  const pair = generateKeyPairSync('ed25519');
  return half === 'public'
    ? pair.publicKey.export({ type: 'spki', format: 'pem' }).toString()
    : pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** The service's own Kafka principal, with a strong password. */
export function productionKafkaPrincipal(service: string): Record<string, string> {
  return { KAFKA_SASL_USERNAME: service, KAFKA_SASL_PASSWORD: 'Zq3v8Kp1Xw7Lr2Ty9Bn4Md6Hc5Fg0Js' };
}
