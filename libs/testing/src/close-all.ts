// A suite's teardown: whatever it opened (a service, a producer or reader, a database client, a
// server) is
// closed in the order given; what was never opened (undefined) is passed over.
export type Closable =
  | { stop(): Promise<unknown> }
  | { disconnect(): Promise<unknown> }
  | { end(): Promise<unknown> }
  | { close(): Promise<unknown> }
  | undefined;

export async function closeAll(...closables: Closable[]): Promise<void> {
  for (const c of closables) {
    if (c === undefined) continue;
    if ('stop' in c) await c.stop();
    else if ('disconnect' in c) await c.disconnect();
    else if ('end' in c) await c.end();
    else await c.close();
  }
}
