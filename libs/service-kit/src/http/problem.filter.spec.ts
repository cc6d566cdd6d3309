import { ArgumentsHost } from '@nestjs/common';
import { clientHttpError, ProblemJsonFilter } from './problem.filter';

/** What body-parser throws (http-errors): an Error with a status and `expose`. */
function httpError(status: number, message: string, expose = status < 500): Error {
  return Object.assign(new Error(message), { status, statusCode: status, expose });
}

describe('client errors of the body parser', () => {
  it('answers a body over the limit 413, an unknown encoding 415, a broken gzip body 400', () => {
    expect(clientHttpError(httpError(413, 'request entity too large'))?.toBody()).toMatchObject({
      status: 413,
      code: 'REQUEST.TOO_LARGE',
    });
    expect(clientHttpError(httpError(415, 'unsupported content encoding "x"'))?.getStatus()).toBe(
      415,
    );
    expect(clientHttpError(httpError(400, 'incorrect header check'))?.toBody()).toMatchObject({
      status: 400,
      code: 'REQUEST.REFUSED',
    });
  });

  it('leaves server errors and plain errors to the 500 path', () => {
    expect(clientHttpError(httpError(503, 'down'))).toBeUndefined();
    expect(clientHttpError(httpError(400, 'internal', false))).toBeUndefined();
    expect(clientHttpError(new Error('boom'))).toBeUndefined();
    expect(clientHttpError({ status: 400 })).toBeUndefined();
  });
});

describe('the problem filter and a database that is away', () => {
  function answer(exception: unknown, headers: Record<string, string> = {}) {
    const sent: { status?: number; headers: Record<string, string>; body?: string } = {
      headers: { ...headers },
    };
    const response = {
      status: (status: number) => ((sent.status = status), response),
      type: () => response,
      setHeader: (name: string, value: string) => (sent.headers[name] = value),
      getHeader: (name: string) => sent.headers[name],
      send: (body: string) => ((sent.body = body), response),
    };
    const host = { switchToHttp: () => ({ getResponse: () => response }) } as ArgumentsHost;
    new ProblemJsonFilter().catch(exception, host);
    return sent;
  }

  it('answers 503 with Retry-After when PostgreSQL is restarting or unreachable', () => {
    const starting = Object.assign(new Error('the database system is starting up'), {
      code: '57P03',
    });
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
      code: 'ECONNREFUSED',
    });
    for (const error of [starting, { driverError: refused, message: 'query failed' }]) {
      const sent = answer(error);
      expect(sent.status).toBe(503);
      expect(sent.headers['Retry-After']).toBe('1');
      expect(JSON.parse(sent.body as string)).toMatchObject({ code: 'SERVICE.UNAVAILABLE' });
    }
  });

  it('names the answer’s request id when the request never reached the request context', () => {
    const sent = answer(
      Object.assign(new SyntaxError('Unexpected end of JSON input'), { status: 400 }),
      {
        'x-request-id': 'req-parser-1',
      },
    );
    expect(sent.status).toBe(400);
    expect(JSON.parse(sent.body as string)).toMatchObject({ requestId: 'req-parser-1' });
  });

  it('still answers 500 to anything else unexpected', () => {
    const sent = answer(new Error('boom'));
    expect(sent.status).toBe(500);
    expect(sent.headers['Retry-After']).toBeUndefined();
  });
});
