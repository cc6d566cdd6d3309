import { clientHttpError } from './problem.filter';

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
