// Integration tests wait on a real broker and database: give each test two minutes.
jest.setTimeout(120_000);
// Production is the services' default mode; the tests ask for `test` (a harness that passes
// process.env on gets it from here, the others set it themselves).
process.env.RISKPOOL_MODE = process.env.RISKPOOL_MODE || 'test';
